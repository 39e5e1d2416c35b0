package dev.beluga.controller.replicaset;

import dev.beluga.controller.ControllerRefs;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small builders for ReplicaSets and pods as the API stores them. */
final class ReplicaSetFixtures {
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final Map<String, String> LABELS = Map.of("app", "web");

    private ReplicaSetFixtures() {}

    static ReplicaSet rs(int replicas) {
        return new ReplicaSetBuilder()
                .withNewMetadata().withName("web").withNamespace("ns").withUid("rs-uid").withGeneration(2L).withResourceVersion("10").endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(LABELS).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web", "tier", "front")).withAnnotations(Map.of("a", "b")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().endTemplate()
                .endSpec()
                .build();
    }

    /** A pod of the ReplicaSet: scheduled on {@code node} ("" = not scheduled), in {@code phase}. */
    static PodBuilder pod(String name, ReplicaSet owner, String node, String phase) {
        PodBuilder b = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("ns").withUid("uid-" + name)
                .withLabels(Map.of("app", "web", "tier", "front"))
                .withCreationTimestamp("2025-03-01T10:00:00Z")
                .endMetadata()
                .withNewSpec().withNodeName(node.isEmpty() ? null : node).endSpec()
                .withNewStatus().withPhase(phase).endStatus();
        if (owner != null) b.editMetadata().withOwnerReferences(ControllerRefs.newControllerRef(owner)).endMetadata();
        return b;
    }

    static Pod ready(PodBuilder b, Instant since) {
        return b.editStatus().withPhase("Running").withConditions(new PodConditionBuilder().withType("Ready").withStatus("True")
                .withLastTransitionTime(since.toString()).build()).endStatus().build();
    }

    static Pod withRestarts(Pod pod, int restarts) {
        return new PodBuilder(pod).editStatus().withContainerStatuses(new ContainerStatusBuilder().withName("c").withRestartCount(restarts).build()).endStatus().build();
    }

    static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }
}
