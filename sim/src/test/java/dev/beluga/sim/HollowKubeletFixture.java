package dev.beluga.sim;

import dev.beluga.kubelet.network.Ipv4Cidr;
import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.kubelet.InformerPodSource;
import dev.beluga.kubelet.Kubelet;
import dev.beluga.kubelet.KubeletConfig;
import dev.beluga.kubelet.KubeletTimings;
import dev.beluga.kubelet.MachineInfo;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
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

    /** One kubelet over a simulated runtime, watching its pods on a LocalApiServer of its own. */
    record Running(ScheduledExecutorService timers, SimulatedRuntime sim, LocalApiServer api, InformerFactory informers, Kubelet kubelet)
            implements AutoCloseable {
        Client client() {
            return api.client();
        }

        /** Stops the kubelet, then its pod watch, the API server and the runtime's timers. */
        @Override
        public void close() {
            try (LocalApiServer a = api; InformerFactory i = informers; Kubelet k = kubelet) {
                // try-with-resources closes in reverse: the kubelet first, the API server last.
            } finally {
                timers.shutdownNow();
            }
        }
    }

    /**
     * Starts the kubelet {@code config} describes over a simulated runtime handing out the config's pod
     * CIDR; {@code runtime} may wrap the simulated runtime the kubelet is given.
     */
    static Running start(KubeletConfig config, Function<SimulatedRuntime, ContainerRuntime> runtime) {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        SimulatedRuntime sim = new SimulatedRuntime(Ipv4Cidr.parse(config.podCidr()), Duration.ZERO, timers, Clock.systemUTC());
        LocalApiServer api = null;
        InformerFactory informers = null;
        try {
            api = LocalApiServer.start();
            informers = new InformerFactory(api.client());
            InformerPodSource source = new InformerPodSource(informers, config.nodeName());
            informers.start();
            Kubelet kubelet = Kubelet.start(api.client(), config, runtime.apply(sim), source);
            return new Running(timers, sim, api, informers, kubelet);
        } catch (RuntimeException | Error e) {
            if (informers != null) informers.close();
            if (api != null) api.close();
            timers.shutdownNow();
            throw e;
        }
    }

    static Running start(KubeletConfig config) {
        return start(config, sim -> sim);
    }
}
