package dev.beluga.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.kubelet.runtime.ContainerState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EphemeralTargetsTest {
    static final Pod POD = new PodBuilder().withNewMetadata().withName("web").withUid("u").endMetadata().withNewSpec()
            .addNewContainer().withName("web").withImage("nginx").endContainer()
            .addNewEphemeralContainer().withName("dbg").withImage("busybox").withTargetContainerName("web").endEphemeralContainer()
            .addNewEphemeralContainer().withName("plain").withImage("busybox").endEphemeralContainer()
            .endSpec().build();

    static ObservedContainer web(String id, Instant created, int restarts) {
        return new ObservedContainer(new ContainerId("containerd", id), "web", "s1", ContainerState.RUNNING, created, Optional.of(created),
                Optional.empty(), 0, "", "", "nginx", "nginx@sha", "h", restarts);
    }

    @Test
    void targetIsTheNewestInstanceOfTheTargetContainer() {
        PodRuntimeState observed = new PodRuntimeState(List.of(), List.of(web("old", Instant.parse("2026-01-01T00:00:00Z"), 0),
                web("new", Instant.parse("2026-01-01T00:01:00Z"), 1)), RestartBackOff.upstream());
        assertThat(EphemeralTargets.pidTarget(POD, "dbg", observed)).contains("new");
        assertThat(EphemeralTargets.pidTarget(POD, "plain", observed)).isEmpty();
        assertThat(EphemeralTargets.pidTarget(POD, "web", observed)).isEmpty();
    }

    @Test
    void aMissingTargetIsAConfigError() {
        assertThatThrownBy(() -> EphemeralTargets.pidTarget(POD, "dbg", PodRuntimeState.empty(RestartBackOff.upstream())))
                .isInstanceOf(ContainerConfigException.class).hasMessage("unable to find target container web");
    }
}
