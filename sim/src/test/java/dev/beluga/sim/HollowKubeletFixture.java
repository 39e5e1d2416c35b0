package dev.beluga.sim;

import dev.beluga.kubelet.KubeletConfig;
import dev.beluga.kubelet.KubeletTimings;
import dev.beluga.kubelet.MachineInfo;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** What the sim tests that run one kubelet on a LocalApiServer share: its config and a bounded poll. */
final class HollowKubeletFixture {
    private HollowKubeletFixture() {}

    /**
     * A simulated node with 2 CPUs and 110 pods, re-syncing every 10 s and polling its runtime every
     * 100 ms so that tests see state changes quickly.
     */
    static KubeletConfig config(String node, String nodeIp, String podCidr) {
        return KubeletConfig.of(node, nodeIp, podCidr, Map.of("cpu", new Quantity("2"), "pods", new Quantity("110")),
                MachineInfo.simulated(node)).withTimings(new KubeletTimings(Duration.ofSeconds(10), 40, Duration.ofSeconds(10),
                Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMillis(100)));
    }

    /** Polls {@code probe} every 50 ms until {@code done} holds, failing with the last value seen after {@code wait}. */
    static <T> T await(Duration wait, String what, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
            Thread.sleep(50);
            last = probe.get();
        }
        return last;
    }
}
