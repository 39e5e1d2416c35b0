package dev.beluga.kubelet.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class RunningContainerTest {
    private static Pod pod() {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
                .withNewStatus()
                .addToContainerStatuses(new ContainerStatusBuilder().withName("app").withContainerID("containerd://abc123")
                        .withNewState().withNewRunning().endRunning().endState().build())
                .addToContainerStatuses(new ContainerStatusBuilder().withName("done").withContainerID("containerd://def456")
                        .withNewState().withNewTerminated().withExitCode(0).endTerminated().endState().build())
                .addToInitContainerStatuses(new ContainerStatusBuilder().withName("sidecar").withContainerID("containerd://side789")
                        .withNewState().withNewRunning().endRunning().endState().build())
                .endStatus().build();
    }

    @Test
    void aRunningContainerGivesItsBareRuntimeId() {
        assertThat(RunningContainer.id(pod(), "app")).contains("abc123");
        assertThat(RunningContainer.id(pod(), "sidecar")).contains("side789");
    }

    @Test
    void aFinishedOrUnknownContainerHasNoSession() {
        assertThat(RunningContainer.id(pod(), "done")).isEmpty();
        assertThat(RunningContainer.id(pod(), "missing")).isEmpty();
        assertThat(RunningContainer.id(new PodBuilder().withNewMetadata().withName("q").endMetadata().build(), "app")).isEmpty();
    }
}
