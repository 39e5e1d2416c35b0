package dev.beluga.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.api.codec.Json;
import dev.beluga.api.patch.StrategicMergePatch;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import org.junit.jupiter.api.Test;

class ControllerRefsTest {
    private final ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("rs-uid").endMetadata().build();

    @Test
    void newControllerRefBlocksOwnerDeletion() {
        var ref = ControllerRefs.newControllerRef(rs);
        assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
        assertThat(ref.getKind()).isEqualTo("ReplicaSet");
        assertThat(ref.getName()).isEqualTo("web");
        assertThat(ref.getUid()).isEqualTo("rs-uid");
        assertThat(ref.getController()).isTrue();
        assertThat(ref.getBlockOwnerDeletion()).isTrue();
    }

    @Test
    void controllerOfIgnoresNonControllingOwners() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withOwnerReferences(
                new OwnerReferenceBuilder().withKind("ConfigMap").withName("x").withUid("x").build(),
                new OwnerReferenceBuilder().withKind("ReplicaSet").withName("web").withUid("rs-uid").withController(true).build()).endMetadata().build();
        assertThat(ControllerRefs.controllerOf(pod)).get().extracting(r -> r.getUid()).isEqualTo("rs-uid");
        assertThat(ControllerRefs.isControlledBy(pod, rs)).isTrue();
        Pod orphan = new PodBuilder().withNewMetadata().withName("o").endMetadata().build();
        assertThat(ControllerRefs.controllerOf(orphan)).isEmpty();
    }

    @Test
    void adoptAndReleasePatchesApplyAsStrategicMerges() throws Exception {
        Pod orphan = new PodBuilder().withNewMetadata().withName("p").withUid("pod-uid").withOwnerReferences(
                new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("x").withUid("x").build()).endMetadata().build();
        var tree = Json.MAPPER.valueToTree(orphan);
        var adopted = StrategicMergePatch.apply(tree, Json.MAPPER.readTree(ControllerRefs.adoptPatch(rs, orphan)), Pod.class);
        Pod afterAdopt = Json.MAPPER.treeToValue(adopted, Pod.class);
        assertThat(afterAdopt.getMetadata().getOwnerReferences()).hasSize(2);
        assertThat(ControllerRefs.isControlledBy(afterAdopt, rs)).isTrue();

        var released = StrategicMergePatch.apply(adopted, Json.MAPPER.readTree(ControllerRefs.releasePatch(rs, afterAdopt)), Pod.class);
        Pod afterRelease = Json.MAPPER.treeToValue(released, Pod.class);
        assertThat(afterRelease.getMetadata().getOwnerReferences()).extracting(r -> r.getUid()).containsExactly("x");
    }
}
