package dev.beluga.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.kubelet.KubeletConfig;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the kubelet removes or enforces around a pod's files, on a hollow node: a disk-backed emptyDir
 * over its sizeLimit evicts the pod (upstream's eviction manager), and a deleted pod's log directory
 * goes with it.
 */
class PodCleanupOnHollowKubeletTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private KubeletConfig config() {
        KubeletConfig base = HollowKubeletFixture.config("clean-node", "192.168.52.2", "10.92.7.0/24");
        return base.withTimings(base.timings().withEvictionMonitoringPeriod(Duration.ofMillis(200)))
                .withPodSettings(base.podSettings().withRootDir(dir.resolve("kubelet")).withPodLogsRoot(dir.resolve("pod-logs")));
    }

    private static Pod bind(HollowKubeletFixture.Running k, Pod pod) {
        Pod p = k.client().create(Kind.PODS, pod);
        k.client().bind("default", p.getMetadata().getName(), p.getMetadata().getUid(), "clean-node");
        return p;
    }

    private static Optional<PodStatus> status(HollowKubeletFixture.Running k, String name) {
        return k.client().get(Kind.PODS, "default", name).map(Pod::getStatus);
    }

    private static Pod withScratch(String name, String sizeLimit) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("busybox:1.35")
                .addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount().endContainer()
                .addNewVolume().withName("scratch").withNewEmptyDir().withSizeLimit(new Quantity(sizeLimit)).endEmptyDir().endVolume()
                .endSpec().build();
    }

    @Test
    void aPodWritingPastItsEmptyDirSizeLimitIsEvicted() throws Exception {
        try (HollowKubeletFixture.Running k = HollowKubeletFixture.start(config())) {
            String uid = bind(k, withScratch("filler", "1Ki")).getMetadata().getUid();
            HollowKubeletFixture.await(WAIT, "filler Running", () -> status(k, "filler").map(PodStatus::getPhase).orElse(""), "Running"::equals);
            Path scratch = dir.resolve("kubelet/pods").resolve(uid).resolve("volumes/kubernetes.io~empty-dir/scratch");
            // Up to the limit is allowed; what a container would write is written here on the node.
            Files.write(scratch.resolve("fits"), new byte[1024]);
            Files.write(scratch.resolve("more"), new byte[4096]);

            PodStatus evicted = HollowKubeletFixture.await(WAIT, "filler Failed", () -> status(k, "filler").orElseThrow(),
                    s -> "Failed".equals(s.getPhase()));
            assertThat(evicted.getReason()).isEqualTo("Evicted");
            assertThat(evicted.getMessage()).isEqualTo("Usage of EmptyDir volume \"scratch\" exceeds the limit \"1Ki\". ");
            assertThat(evicted.getContainerStatuses()).singleElement().satisfies(c -> assertThat(c.getState().getTerminated()).isNotNull());
            HollowKubeletFixture.await(WAIT, "the Evicted event", () -> k.client().list(Kind.EVENTS, "default", ListRequest.ALL).items().stream()
                    .anyMatch(e -> "filler".equals(e.getInvolvedObject().getName()) && "Evicted".equals(e.getReason())
                            && "Warning".equals(e.getType()) && evicted.getMessage().equals(e.getMessage())), b -> b);
        }
    }

    @Test
    void aDeletedPodsLogDirectoryGoesWithIt() throws Exception {
        try (HollowKubeletFixture.Running k = HollowKubeletFixture.start(config())) {
            String uid = bind(k, withScratch("logger", "1Mi")).getMetadata().getUid();
            HollowKubeletFixture.await(WAIT, "logger Running", () -> status(k, "logger").map(PodStatus::getPhase).orElse(""), "Running"::equals);
            // The simulated runtime writes no logs; containerd would write this file.
            Path logDir = dir.resolve("pod-logs").resolve("default_logger_" + uid);
            Files.createDirectories(logDir.resolve("app"));
            Files.writeString(logDir.resolve("app/0.log"), "2026-11-24T00:00:00.000000000Z stdout F hello\n");
            Path other = dir.resolve("pod-logs/default_someone-else_u-0/app/0.log");
            Files.createDirectories(other.getParent());
            Files.writeString(other, "kept\n");

            k.client().delete(Kind.PODS, "default", "logger", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
            HollowKubeletFixture.await(WAIT, "the pod log directory removed", () -> Files.exists(logDir), exists -> !exists);
            HollowKubeletFixture.await(WAIT, "the pod directory removed", () -> Files.exists(dir.resolve("kubelet/pods").resolve(uid)), exists -> !exists);
            assertThat(other).exists();
        }
    }
}
