package dev.beluga.controller.replicaset;

import static dev.beluga.controller.replicaset.ReplicaSetFixtures.NOW;
import static dev.beluga.controller.replicaset.ReplicaSetFixtures.names;
import static dev.beluga.controller.replicaset.ReplicaSetFixtures.pod;
import static dev.beluga.controller.replicaset.ReplicaSetFixtures.ready;
import static dev.beluga.controller.replicaset.ReplicaSetFixtures.rs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.controller.ControllerRefs;
import dev.beluga.controller.replicaset.ReplicaSetAction.AdoptPod;
import dev.beluga.controller.replicaset.ReplicaSetAction.CreatePods;
import dev.beluga.controller.replicaset.ReplicaSetAction.DeletePods;
import dev.beluga.controller.replicaset.ReplicaSetAction.ReleasePod;
import dev.beluga.controller.replicaset.ReplicaSetAction.RequeueAfter;
import dev.beluga.controller.replicaset.ReplicaSetAction.UpdateStatus;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaSetReconcilerTest {
    private final ReplicaSetReconciler reconciler = new ReplicaSetReconciler();

    private static List<Pod> owned(ReplicaSet rs, int n) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) pods.add(pod("p" + i, rs, "n" + i, "Pending").build());
        return pods;
    }

    @Test
    void createsTheMissingPods() {
        ReplicaSet rs = rs(3);
        ReplicaSetPlan plan = reconciler.reconcile(rs, owned(rs, 1), NOW);
        assertThat(plan.actionsOf(CreatePods.class)).containsExactly(new CreatePods(2));
        assertThat(plan.actionsOf(DeletePods.class)).isEmpty();
    }

    @Test
    void createsAtMostBurstReplicasPerSync() {
        ReplicaSet rs = rs(1000);
        ReplicaSetPlan plan = reconciler.reconcile(rs, List.of(), NOW);
        assertThat(plan.actionsOf(CreatePods.class)).containsExactly(new CreatePods(ReplicaSetReconciler.DEFAULT_BURST));
    }

    @Test
    void deletesTheSurplusLeastValuableFirst() {
        ReplicaSet rs = rs(1);
        Pod runningReady = ready(pod("good", rs, "n1", "Running"), NOW.minusSeconds(600));
        Pod pending = pod("pending", rs, "n2", "Pending").build();
        Pod unscheduled = pod("unscheduled", rs, "", "Pending").build();
        ReplicaSetPlan plan = reconciler.reconcile(rs, List.of(runningReady, pending, unscheduled), NOW);
        assertThat(plan.actionsOf(DeletePods.class)).hasSize(1);
        assertThat(names(plan.actionsOf(DeletePods.class).getFirst().pods())).containsExactly("unscheduled", "pending");
    }

    @Test
    void nothingToDoWhenTheCountIsRight() {
        ReplicaSet rs = rs(2);
        ReplicaSetPlan plan = reconciler.reconcile(rs, owned(rs, 2), NOW);
        assertThat(plan.actionsOf(CreatePods.class)).isEmpty();
        assertThat(plan.actionsOf(DeletePods.class)).isEmpty();
    }

    @Test
    void terminatingAndTerminatedPodsAreNotCounted() {
        ReplicaSet rs = rs(3);
        Pod terminating = new PodBuilder(pod("t", rs, "n1", "Running").build()).editMetadata().withDeletionTimestamp("2025-03-01T11:59:00Z").endMetadata().build();
        Pod succeeded = pod("s", rs, "n1", "Succeeded").build();
        Pod failed = pod("f", rs, "n1", "Failed").build();
        Pod alive = pod("a", rs, "n1", "Running").build();
        ReplicaSetPlan plan = reconciler.reconcile(rs, List.of(terminating, succeeded, failed, alive), NOW);
        assertThat(plan.actionsOf(CreatePods.class)).containsExactly(new CreatePods(2));
        assertThat(plan.status().getReplicas()).isEqualTo(1);
    }

    @Test
    void waitsWhileCreatesOrDeletesAreInFlight() {
        ReplicaSet rs = rs(3);
        ReplicaSetPlan plan = reconciler.reconcile(rs, owned(rs, 1), owned(rs, 1), false, NOW);
        assertThat(plan.actionsOf(CreatePods.class)).isEmpty();
        // The status is still brought up to date.
        assertThat(plan.actionsOf(UpdateStatus.class)).hasSize(1);
    }

    @Test
    void adoptsMatchingOrphansAndCountsThem() {
        ReplicaSet rs = rs(2);
        Pod orphan = pod("orphan", null, "n1", "Running").build();
        Pod stranger = new PodBuilder(pod("stranger", null, "n1", "Running").build()).editMetadata().withLabels(Map.of("app", "other")).endMetadata().build();
        ReplicaSetPlan plan = reconciler.reconcile(rs, List.of(orphan, stranger, pod("mine", rs, "n1", "Running").build()), NOW);
        assertThat(plan.actionsOf(AdoptPod.class)).extracting(a -> a.pod().getMetadata().getName()).containsExactly("orphan");
        assertThat(plan.actionsOf(CreatePods.class)).isEmpty();
        assertThat(plan.status().getReplicas()).isEqualTo(2);
    }

    @Test
    void terminatingOrphansAreNotAdopted() {
        ReplicaSet rs = rs(1);
        Pod orphan = new PodBuilder(pod("orphan", null, "n1", "Running").build()).editMetadata().withDeletionTimestamp("2025-03-01T11:59:00Z").endMetadata().build();
        ReplicaSetPlan plan = reconciler.reconcile(rs, List.of(orphan), NOW);
        assertThat(plan.actionsOf(AdoptPod.class)).isEmpty();
        assertThat(plan.actionsOf(CreatePods.class)).containsExactly(new CreatePods(1));
    }

    @Test
    void releasesOwnedPodsThatStoppedMatching() {
        ReplicaSet rs = rs(1);
        Pod relabeled = new PodBuilder(pod("relabeled", rs, "n1", "Running").build()).editMetadata().withLabels(Map.of("app", "debug")).endMetadata().build();
        ReplicaSetPlan plan = reconciler.reconcile(rs, List.of(relabeled), NOW);
        assertThat(plan.actionsOf(ReleasePod.class)).extracting(r -> r.pod().getMetadata().getName()).containsExactly("relabeled");
        assertThat(plan.actionsOf(CreatePods.class)).containsExactly(new CreatePods(1));
    }

    @Test
    void podsOfAnotherControllerAreLeftAlone() {
        ReplicaSet rs = rs(1);
        Pod theirs = new PodBuilder(pod("theirs", null, "n1", "Running").build()).editMetadata().withOwnerReferences(
                new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet").withName("other").withUid("other-uid").withController(true).build()).endMetadata().build();
        ReplicaSetPlan plan = reconciler.reconcile(rs, List.of(theirs), NOW);
        assertThat(plan.actionsOf(AdoptPod.class)).isEmpty();
        assertThat(plan.actionsOf(ReleasePod.class)).isEmpty();
        assertThat(plan.actionsOf(CreatePods.class)).containsExactly(new CreatePods(1));
    }

    @Test
    void aReplicaSetBeingDeletedNeitherClaimsNorManages() {
        ReplicaSet rs = new ReplicaSetBuilder(rs(3)).editMetadata().withDeletionTimestamp("2025-03-01T11:00:00Z").endMetadata().build();
        Pod orphan = pod("orphan", null, "n1", "Running").build();
        Pod relabeled = new PodBuilder(pod("relabeled", rs, "n1", "Running").build()).editMetadata().withLabels(Map.of("app", "debug")).endMetadata().build();
        ReplicaSetPlan plan = reconciler.reconcile(rs, List.of(orphan, relabeled), NOW);
        assertThat(plan.actions()).noneMatch(a -> a instanceof AdoptPod || a instanceof ReleasePod || a instanceof CreatePods || a instanceof DeletePods);
    }

    @Test
    void statusCountsReplicasLabelsReadinessAndAvailability() {
        ReplicaSet rs = new ReplicaSetBuilder(rs(4)).editSpec().withMinReadySeconds(30).endSpec().build();
        Pod longReady = ready(pod("long", rs, "n1", "Running"), NOW.minusSeconds(300));
        Pod justReady = ready(pod("just", rs, "n2", "Running"), NOW.minusSeconds(10));
        Pod notReady = pod("not", rs, "n3", "Running").build();
        Pod partlyLabeled = new PodBuilder(ready(pod("partly", rs, "n4", "Running"), NOW.minusSeconds(300)))
                .editMetadata().withLabels(Map.of("app", "web")).endMetadata().build();
        ReplicaSetPlan plan = reconciler.reconcile(rs, List.of(longReady, justReady, notReady, partlyLabeled), NOW);
        ReplicaSetStatus s = plan.status();
        assertThat(s.getReplicas()).isEqualTo(4);
        assertThat(s.getFullyLabeledReplicas()).isEqualTo(3);
        assertThat(s.getReadyReplicas()).isEqualTo(3);
        assertThat(s.getAvailableReplicas()).isEqualTo(2);
        assertThat(s.getObservedGeneration()).isEqualTo(2L);
        // The just-Ready pod turns available 30 s after it became Ready: look again then.
        assertThat(plan.actionsOf(RequeueAfter.class)).singleElement()
                .satisfies(r -> assertThat(r.delay()).isEqualTo(Duration.ofSeconds(20).plus(ReplicaSetReconciler.AVAILABILITY_SLACK)));
    }

    @Test
    void zeroCountsAreLeftOutButReplicasIsAlwaysThere() {
        ReplicaSet rs = rs(0);
        ReplicaSetPlan plan = reconciler.reconcile(rs, List.of(), NOW);
        assertThat(plan.status().getReplicas()).isEqualTo(0);
        assertThat(plan.status().getReadyReplicas()).isNull();
        assertThat(plan.status().getAvailableReplicas()).isNull();
        assertThat(plan.status().getFullyLabeledReplicas()).isNull();
    }

    @Test
    void anUnchangedStatusIsNotWritten() {
        ReplicaSet rs = new ReplicaSetBuilder(rs(1)).withStatus(new ReplicaSetStatusBuilder().withReplicas(1).withFullyLabeledReplicas(1)
                .withObservedGeneration(2L).build()).build();
        ReplicaSetPlan plan = reconciler.reconcile(rs, owned(rs, 1), NOW);
        assertThat(plan.actions()).isEmpty();
    }

    @Test
    void aFailureConditionIsAddedOnFailureAndDroppedOnSuccess() {
        ReplicaSet rs = rs(2);
        ReplicaSetPlan plan = reconciler.reconcile(rs, List.of(), NOW);
        ReplicaSetStatus failed = plan.statusAfterFailure("FailedCreate", "pods \"web-\" is forbidden: exceeded quota", NOW).orElseThrow();
        assertThat(failed.getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("ReplicaFailure");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("FailedCreate");
            assertThat(c.getMessage()).contains("exceeded quota");
            assertThat(c.getLastTransitionTime()).isEqualTo("2025-03-01T12:00:00Z");
        });

        ReplicaSet failing = new ReplicaSetBuilder(rs).withStatus(failed).build();
        // Failing again keeps the condition as it is (and its time).
        ReplicaSetPlan again = reconciler.reconcile(failing, List.of(), NOW.plusSeconds(60));
        assertThat(again.statusAfterFailure("FailedCreate", "other text", NOW.plusSeconds(60))).isEmpty();
        // Succeeding drops it.
        ReplicaSetPlan recovered = reconciler.reconcile(failing, owned(failing, 2), NOW.plusSeconds(120));
        assertThat(recovered.status().getConditions()).isNull();
        assertThat(recovered.actionsOf(UpdateStatus.class)).hasSize(1);
    }

    @Test
    void otherConditionsSurvive() {
        ReplicaSet rs = new ReplicaSetBuilder(rs(1)).withStatus(new ReplicaSetStatusBuilder().withReplicas(1)
                .withConditions(new ReplicaSetConditionBuilder().withType("Other").withStatus("True").build()).build()).build();
        ReplicaSetPlan plan = reconciler.reconcile(rs, owned(rs, 1), NOW);
        assertThat(plan.status().getConditions()).extracting(c -> c.getType()).containsExactly("Other");
    }

    @Test
    void relatedPodsRankDoubledUpNodes() {
        ReplicaSet rs = rs(1);
        Instant t = NOW.minusSeconds(3600);
        Pod onBusyNode = ready(pod("busy", rs, "n1", "Running"), t);
        Pod onQuietNode = ready(pod("quiet", rs, "n2", "Running"), t);
        // A sibling ReplicaSet's pod shares n1.
        Pod sibling = ready(pod("sibling", null, "n1", "Running"), t);
        ReplicaSetPlan plan = reconciler.reconcile(rs, List.of(onBusyNode, onQuietNode), List.of(onBusyNode, onQuietNode, sibling), true, NOW);
        assertThat(names(plan.actionsOf(DeletePods.class).getFirst().pods())).containsExactly("busy");
    }

    @Test
    void newPodsComeFromTheTemplate() {
        ReplicaSet rs = rs(1);
        Pod pod = PodTemplates.newPod(rs);
        assertThat(pod.getMetadata().getGenerateName()).isEqualTo("web-");
        assertThat(pod.getMetadata().getName()).isNull();
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(pod.getMetadata().getLabels()).containsEntry("tier", "front").containsEntry("app", "web");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("a", "b");
        assertThat(ControllerRefs.isControlledBy(pod, rs)).isTrue();
        assertThat(pod.getMetadata().getOwnerReferences().getFirst().getBlockOwnerDeletion()).isTrue();
        assertThat(pod.getSpec().getContainers()).extracting(c -> c.getImage()).containsExactly("busybox:1.36");
        // A copy: changing the pod leaves the template alone.
        pod.getMetadata().getLabels().put("x", "y");
        assertThat(rs.getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKey("x");
    }
}
