package dev.beluga.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class ContainerLogStatusTest {
    private static Pod pod(ContainerStatus status) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
                .withNewStatus().withContainerStatuses(status).endStatus().build();
    }

    private static ContainerStatusBuilder c() {
        return new ContainerStatusBuilder().withName("c");
    }

    @Test
    void aRunningContainerIsItsCurrentInstanceAndPreviousIsTheLastTerminated() {
        Pod p = pod(c().withContainerID("containerd://new").withState(new ContainerStateBuilder().withNewRunning().endRunning().build())
                .withLastState(new ContainerStateBuilder().withNewTerminated().withContainerID("containerd://old").withExitCode(1).endTerminated().build())
                .build());
        assertThat(ContainerLogStatus.choose(p, "c", false)).isEqualTo(new ContainerLogStatus.Instance("new"));
        assertThat(ContainerLogStatus.choose(p, "c", true)).isEqualTo(new ContainerLogStatus.Instance("old"));
    }

    @Test
    void previousWithoutALastTerminationIsNotFound() {
        Pod p = pod(c().withContainerID("containerd://new").withState(new ContainerStateBuilder().withNewRunning().endRunning().build()).build());
        assertThat(ContainerLogStatus.choose(p, "c", true))
                .isEqualTo(new ContainerLogStatus.Unavailable("previous terminated container \"c\" in pod \"p\" not found"));
    }

    @Test
    void inCrashLoopBackOffTheLogIsTheLastTerminatedInstances() {
        Pod p = pod(c().withState(new ContainerStateBuilder().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().build())
                .withLastState(new ContainerStateBuilder().withNewTerminated().withContainerID("containerd://dead").withExitCode(1).endTerminated().build())
                .build());
        assertThat(ContainerLogStatus.choose(p, "c", false)).isEqualTo(new ContainerLogStatus.Instance("dead"));
    }

    @Test
    void aTerminatedContainerIsRead() {
        Pod p = pod(c().withState(new ContainerStateBuilder().withNewTerminated().withContainerID("sim://done").withExitCode(0).endTerminated().build()).build());
        assertThat(ContainerLogStatus.choose(p, "c", false)).isEqualTo(new ContainerLogStatus.Instance("done"));
    }

    @Test
    void aWaitingContainerSaysWhy() {
        Pod creating = pod(c().withState(new ContainerStateBuilder().withNewWaiting().withReason("ContainerCreating").endWaiting().build()).build());
        assertThat(ContainerLogStatus.choose(creating, "c", false))
                .isEqualTo(new ContainerLogStatus.Unavailable("container \"c\" in pod \"p\" is waiting to start: ContainerCreating"));
        Pod pulling = pod(c().withState(new ContainerStateBuilder().withNewWaiting().withReason("ImagePullBackOff").endWaiting().build()).build());
        assertThat(ContainerLogStatus.choose(pulling, "c", false))
                .isEqualTo(new ContainerLogStatus.Unavailable("container \"c\" in pod \"p\" is waiting to start: trying and failing to pull image"));
    }

    @Test
    void aContainerWithoutStatusIsNotAvailable() {
        Pod p = pod(c().build());
        assertThat(ContainerLogStatus.choose(p, "other", false))
                .isEqualTo(new ContainerLogStatus.Unavailable("container \"other\" in pod \"p\" is not available"));
        assertThat(ContainerLogStatus.choose(p, "c", false))
                .isEqualTo(new ContainerLogStatus.Unavailable("container \"c\" in pod \"p\" is waiting to start - no logs yet"));
    }
}
