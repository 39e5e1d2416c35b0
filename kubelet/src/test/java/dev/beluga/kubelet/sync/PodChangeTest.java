package dev.beluga.kubelet.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class PodChangeTest {
    private static final Pod POD = new PodBuilder()
            .withNewMetadata().withName("web").withNamespace("default").withUid("u1").withResourceVersion("10").addToLabels("app", "web").endMetadata()
            .withNewSpec().withNodeName("n1").addNewContainer().withName("main").withImage("busybox:1.35").endContainer().endSpec()
            .withNewStatus().withPhase("Pending").endStatus()
            .build();

    @Test
    void aStatusWriteComingBackIsOnlyStatus() {
        Pod written = new PodBuilder(POD).editMetadata().withResourceVersion("11").endMetadata()
                .editStatus().withPhase("Running").endStatus().build();

        assertThat(PodChange.onlyStatus(POD, written)).isTrue();
    }

    @Test
    void specLabelsAnnotationsAndDeletionAreChangesTheKubeletActsOn() {
        assertThat(PodChange.onlyStatus(POD, new PodBuilder(POD).editSpec().addNewEphemeralContainer().withName("debug").endEphemeralContainer().endSpec().build())).isFalse();
        assertThat(PodChange.onlyStatus(POD, new PodBuilder(POD).editMetadata().addToLabels("tier", "front").endMetadata().build())).isFalse();
        assertThat(PodChange.onlyStatus(POD, new PodBuilder(POD).editMetadata().addToAnnotations("a", "b").endMetadata().build())).isFalse();
        assertThat(PodChange.onlyStatus(POD, new PodBuilder(POD).editMetadata().withDeletionTimestamp("2026-11-24T00:00:00Z")
                .withDeletionGracePeriodSeconds(30L).endMetadata().build())).isFalse();
    }
}
