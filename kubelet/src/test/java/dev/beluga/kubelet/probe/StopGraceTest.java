package dev.beluga.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StopGraceTest {
    private final Container app = new ContainerBuilder().withName("app").withNewLivenessProbe().withNewExec().withCommand("true").endExec()
            .withTerminationGracePeriodSeconds(5L).endLivenessProbe().build();

    private Pod pod(Long specGrace) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(specGrace).withContainers(app).endSpec().build();
    }

    @Test
    void theDeletionsGraceComesFirst() {
        Pod p = new PodBuilder(pod(60L)).editMetadata().withDeletionTimestamp("2025-01-01T10:00:00Z").withDeletionGracePeriodSeconds(12L).endMetadata().build();
        assertThat(StopGrace.initial(p, Optional.of(app), Optional.of(ProbeType.LIVENESS))).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void aFailedProbesOwnGraceOverridesThePods() {
        assertThat(StopGrace.initial(pod(60L), Optional.of(app), Optional.of(ProbeType.LIVENESS))).isEqualTo(Duration.ofSeconds(5));
        assertThat(StopGrace.initial(pod(60L), Optional.of(app), Optional.empty())).isEqualTo(Duration.ofSeconds(60));
        assertThat(StopGrace.initial(pod(null), Optional.of(app), Optional.empty())).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void preStopTimeIsDeductedDownToTheTwoSecondMinimum() {
        assertThat(StopGrace.afterPreStop(Duration.ofSeconds(30), Duration.ofMillis(10_900))).isEqualTo(Duration.ofSeconds(20));
        assertThat(StopGrace.afterPreStop(Duration.ofSeconds(30), Duration.ofSeconds(29))).isEqualTo(Duration.ofSeconds(2));
        assertThat(StopGrace.afterPreStop(Duration.ofSeconds(1), Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
    }
}
