package dev.beluga.controller.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Sets, revisions and pods as the API would hold them (defaulted, with uids), for reconciler tests. */
final class StatefulSetFixtures {
    static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    static final String NS = "default";
    static final String UID = "uid-web";

    private StatefulSetFixtures() {}

    /** "web": OrderedReady, RollingUpdate partition 0, selector app=web, one container running {@code image}. */
    static StatefulSet set(int replicas, String image) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName("web").withNamespace(NS).withUid(UID).withGeneration(1L).withResourceVersion("10").endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName("nginx")
                .withPodManagementPolicy("OrderedReady")
                .withRevisionHistoryLimit(10)
                .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(0).endRollingUpdate().endUpdateStrategy()
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage(image).endContainer().withRestartPolicy("Always").endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static StatefulSet withStatus(StatefulSet set, StatefulSetStatus status) {
        return new StatefulSetBuilder(set).withStatus(status).build();
    }

    static StatefulSetStatus status(String current, String update, int replicas, int ready, int currentReplicas, int updated) {
        return new StatefulSetStatusBuilder().withObservedGeneration(1L).withReplicas(replicas).withReadyReplicas(ready)
                .withAvailableReplicas(ready).withCurrentReplicas(currentReplicas).withUpdatedReplicas(updated)
                .withCurrentRevision(current).withUpdateRevision(update).withCollisionCount(0).build();
    }

    /** The revision the controller makes for the set's template, numbered {@code number}, as stored. */
    static ControllerRevision revision(StatefulSet set, long number) {
        StatefulSet bare = new StatefulSetBuilder(set).withStatus(null).build();
        ControllerRevision r = RevisionPlan.of(bare, List.of(), Map.of()).update();
        return new ControllerRevisionBuilder(r).withRevision(number)
                .editMetadata().withUid("uid-" + r.getMetadata().getName()).withResourceVersion("5")
                .withCreationTimestamp("2025-01-01T10:00:0" + number + "Z").endMetadata().build();
    }

    static String name(ControllerRevision r) {
        return r.getMetadata().getName();
    }

    /** Pod {@code ordinal} made from the set's template at revision {@code rev}, in {@code phase}, Ready or not. */
    static Pod pod(StatefulSet set, ControllerRevision rev, int ordinal, String phase, boolean ready) {
        Pod p = StatefulPods.newPod(set, RevisionData.templateOf(set, rev), name(rev), ordinal);
        PodCondition condition = new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime("2025-01-01T11:00:00Z").build();
        return new PodBuilder(p)
                .editMetadata().withUid("uid-pod-" + ordinal + "-" + name(rev)).withResourceVersion("20").endMetadata()
                .withStatus(new PodStatusBuilder().withPhase(phase).withConditions(condition).build())
                .build();
    }

    static Pod ready(StatefulSet set, ControllerRevision rev, int ordinal) {
        return pod(set, rev, ordinal, "Running", true);
    }

    static Pod terminating(Pod pod) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2025-01-01T11:59:00Z").withDeletionGracePeriodSeconds(30L).endMetadata().build();
    }

    static Pod readySince(Pod pod, Instant since) {
        return new PodBuilder(pod).editStatus().editFirstCondition().withLastTransitionTime(since.toString()).endCondition().endStatus().build();
    }
}
