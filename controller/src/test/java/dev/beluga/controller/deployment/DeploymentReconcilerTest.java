package dev.beluga.controller.deployment;

import static dev.beluga.controller.deployment.DeploymentFixtures.NOW;
import static dev.beluga.controller.deployment.DeploymentFixtures.of;
import static dev.beluga.controller.deployment.DeploymentFixtures.recreate;
import static dev.beluga.controller.deployment.DeploymentFixtures.replicaSet;
import static dev.beluga.controller.deployment.DeploymentFixtures.rolling;
import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.controller.ControllerRefs;
import dev.beluga.controller.deployment.DeploymentAction.AdoptReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.CreateReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.DeleteReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.RecordEvent;
import dev.beluga.controller.deployment.DeploymentAction.ReleaseReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.RequeueAfter;
import dev.beluga.controller.deployment.DeploymentAction.SetRevision;
import dev.beluga.controller.deployment.DeploymentAction.UpdateReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.UpdateStatus;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeploymentReconcilerTest {
    private final DeploymentReconciler reconciler = new DeploymentReconciler();

    private static DeploymentCondition cond(String type, String status, String reason, String updated) {
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage("m")
                .withLastUpdateTime(updated).withLastTransitionTime(updated).build();
    }

    private static Deployment withStatus(Deployment d, DeploymentStatus status) {
        return new DeploymentBuilder(d).withStatus(status).build();
    }

    private static Optional<DeploymentCondition> condition(DeploymentStatus s, String type) {
        return DeploymentConditions.get(s, type);
    }

    private static DeploymentStatus writtenStatus(List<DeploymentAction> actions) {
        return of(actions, UpdateStatus.class).getFirst().status();
    }

    private static List<String> events(List<DeploymentAction> actions) {
        return of(actions, RecordEvent.class).stream().map(e -> e.type() + " " + e.reason() + ": " + e.message()).toList();
    }

    @Test
    void aNewDeploymentGetsItsFirstReplicaSet() {
        Deployment d = rolling(3, "nginx:1", "25%", "25%");
        List<DeploymentAction> actions = reconciler.reconcile(d, List.of(), List.of(), NOW);

        ReplicaSet rs = of(actions, CreateReplicaSet.class).getFirst().replicaSet();
        String hash = TemplateHash.of(d.getSpec().getTemplate(), Optional.empty());
        assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
        assertThat(rs.getMetadata().getLabels()).containsEntry("app", "web").containsEntry(TemplateHash.LABEL, hash);
        assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry(TemplateHash.LABEL, hash);
        assertThat(rs.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(TemplateHash.LABEL, hash);
        assertThat(rs.getSpec().getReplicas()).isEqualTo(3);
        assertThat(ControllerRefs.isControlledBy(rs, d)).isTrue();
        assertThat(rs.getMetadata().getAnnotations())
                .containsEntry(RevisionAnnotations.REVISION, "1")
                .containsEntry(RevisionAnnotations.DESIRED_REPLICAS, "3")
                .containsEntry(RevisionAnnotations.MAX_REPLICAS, "4");
        assertThat(events(actions)).containsExactly("Normal ScalingReplicaSet: Scaled up replica set web-" + hash + " from 0 to 3");

        DeploymentStatus status = writtenStatus(actions);
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.getUnavailableReplicas()).isEqualTo(3);
        assertThat(status.getReplicas()).isNull();
        assertThat(condition(status, "Progressing")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("NewReplicaSetCreated");
            assertThat(c.getMessage()).isEqualTo("Created new replica set \"web-" + hash + "\"");
        });
        assertThat(condition(status, "Available")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("MinimumReplicasUnavailable");
            assertThat(c.getMessage()).isEqualTo("Deployment does not have minimum availability.");
        });
        assertThat(of(actions, SetRevision.class)).containsExactly(new SetRevision("1"));
        // The status write comes before the annotation patch, which would change the resourceVersion it is conditioned on.
        assertThat(actions.indexOf(of(actions, UpdateStatus.class).getFirst())).isLessThan(actions.indexOf(new SetRevision("1")));
    }

    @Test
    void aTemplateChangeSurgesTheNewReplicaSetAndScalesTheOldDownWithinMaxUnavailable() {
        Deployment d = rolling(4, "nginx:2", 1, 1);
        ReplicaSet old = replicaSet(d, "nginx:1", 4, 4, 1, "2025-03-01T10:00:00Z");
        List<DeploymentAction> actions = reconciler.reconcile(d, List.of(old), List.of(), NOW);

        ReplicaSet created = of(actions, CreateReplicaSet.class).getFirst().replicaSet();
        assertThat(created.getSpec().getReplicas()).isEqualTo(1);
        assertThat(created.getMetadata().getAnnotations()).containsEntry(RevisionAnnotations.REVISION, "2");
        assertThat(of(actions, UpdateReplicaSet.class)).singleElement().satisfies(u -> {
            assertThat(u.replicaSet().getMetadata().getName()).isEqualTo(old.getMetadata().getName());
            assertThat(u.replicaSet().getSpec().getReplicas()).isEqualTo(3);
            assertThat(u.replicaSet().getMetadata().getResourceVersion()).isEqualTo("rv-nginx:1");
        });
        assertThat(events(actions)).containsExactly(
                "Normal ScalingReplicaSet: Scaled up replica set " + created.getMetadata().getName() + " from 0 to 1",
                "Normal ScalingReplicaSet: Scaled down replica set " + old.getMetadata().getName() + " from 4 to 3");
        assertThat(of(actions, SetRevision.class)).containsExactly(new SetRevision("2"));
    }

    @Test
    void theNewReplicaSetWaitsUntilTheOldOneReportsItsPodsGone() {
        Deployment d = rolling(4, "nginx:2", 1, 1);
        // The old ReplicaSet was scaled to 3 but still reports 4 pods; the new one has its 1.
        ReplicaSet old = replicaSet(d, "nginx:1", 3, 4, 1, "2025-03-01T10:00:00Z");
        old.getStatus().setReplicas(4);
        ReplicaSet fresh = replicaSet(d, "nginx:2", 1, 0, 2, "2025-03-01T11:00:00Z");
        List<DeploymentAction> actions = reconciler.reconcile(d, List.of(old, fresh), List.of(), NOW);
        assertThat(of(actions, UpdateReplicaSet.class)).isEmpty();

        old.getStatus().setReplicas(3);
        actions = reconciler.reconcile(d, List.of(old, fresh), List.of(), NOW);
        assertThat(of(actions, UpdateReplicaSet.class)).singleElement()
                .satisfies(u -> assertThat(u.replicaSet().getSpec().getReplicas()).isEqualTo(2));
    }

    @Test
    void aCompleteRolloutSaysSoAndKeepsTheTransitionTime() {
        Deployment d = withStatus(rolling(3, "nginx:2", 1, 0), new DeploymentStatusBuilder()
                .withObservedGeneration(1L).withReplicas(3).withUpdatedReplicas(3).withReadyReplicas(3).withAvailableReplicas(3)
                .withConditions(cond("Progressing", "True", "ReplicaSetUpdated", "2025-03-01T11:00:00Z")).build());
        ReplicaSet old = replicaSet(d, "nginx:1", 0, 0, 1, "2025-03-01T10:00:00Z");
        ReplicaSet current = replicaSet(d, "nginx:2", 3, 3, 2, "2025-03-01T11:00:00Z");
        List<DeploymentAction> actions = reconciler.reconcile(d, List.of(old, current), List.of(), NOW);

        assertThat(of(actions, UpdateReplicaSet.class)).isEmpty();
        assertThat(of(actions, DeleteReplicaSet.class)).isEmpty();
        DeploymentStatus status = writtenStatus(actions);
        assertThat(condition(status, "Progressing")).get().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("NewReplicaSetAvailable");
            assertThat(c.getMessage()).isEqualTo("ReplicaSet \"" + current.getMetadata().getName() + "\" has successfully progressed.");
            assertThat(c.getLastTransitionTime()).isEqualTo("2025-03-01T11:00:00Z");
            assertThat(c.getLastUpdateTime()).isEqualTo("2025-03-01T12:00:00Z");
        });
        assertThat(condition(status, "Available")).get().extracting(DeploymentCondition::getReason).isEqualTo("MinimumReplicasAvailable");
        assertThat(status.getUnavailableReplicas()).isNull();
        assertThat(of(actions, SetRevision.class)).containsExactly(new SetRevision("2"));
    }

    @Test
    void recreateScalesOldDownWaitsForItsPodsThenCreatesTheNew() {
        Deployment d = recreate(2, "nginx:2");
        ReplicaSet old = replicaSet(d, "nginx:1", 2, 2, 1, "2025-03-01T10:00:00Z");
        List<DeploymentAction> first = reconciler.reconcile(d, List.of(old), List.of(), NOW);
        assertThat(of(first, CreateReplicaSet.class)).isEmpty();
        assertThat(of(first, UpdateReplicaSet.class)).singleElement().satisfies(u -> assertThat(u.replicaSet().getSpec().getReplicas()).isZero());

        ReplicaSet scaledDown = replicaSet(d, "nginx:1", 0, 0, 1, "2025-03-01T10:00:00Z");
        scaledDown.getStatus().setReplicas(0);
        var lingering = new PodBuilder().withNewMetadata().withName("old-pod").withNamespace("ns")
                .withOwnerReferences(ControllerRefs.newControllerRef(scaledDown)).endMetadata()
                .withNewStatus().withPhase("Running").endStatus().build();
        List<DeploymentAction> waiting = reconciler.reconcile(d, List.of(scaledDown), List.of(lingering), NOW);
        assertThat(of(waiting, CreateReplicaSet.class)).isEmpty();

        var finished = new PodBuilder(lingering).editStatus().withPhase("Succeeded").endStatus().build();
        List<DeploymentAction> go = reconciler.reconcile(d, List.of(scaledDown), List.of(finished), NOW);
        assertThat(of(go, CreateReplicaSet.class)).singleElement().satisfies(c -> assertThat(c.replicaSet().getSpec().getReplicas()).isEqualTo(2));
    }

    @Test
    void aPausedDeploymentDoesNotRollOutButStillScales() {
        Deployment d = rolling(3, "nginx:2", 1, 0);
        d.getSpec().setPaused(true);
        ReplicaSet old = replicaSet(d, "nginx:1", 3, 3, 1, "2025-03-01T10:00:00Z");
        List<DeploymentAction> actions = reconciler.reconcile(d, List.of(old), List.of(), NOW);
        assertThat(of(actions, CreateReplicaSet.class)).isEmpty();
        assertThat(of(actions, UpdateReplicaSet.class)).isEmpty();
        assertThat(condition(writtenStatus(actions), "Progressing")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("Unknown");
            assertThat(c.getReason()).isEqualTo("DeploymentPaused");
            assertThat(c.getMessage()).isEqualTo("Deployment is paused");
        });

        d.getSpec().setReplicas(5);
        actions = reconciler.reconcile(d, List.of(old), List.of(), NOW);
        assertThat(of(actions, CreateReplicaSet.class)).isEmpty();
        assertThat(of(actions, UpdateReplicaSet.class)).singleElement().satisfies(u -> {
            assertThat(u.replicaSet().getSpec().getReplicas()).isEqualTo(5);
            assertThat(u.replicaSet().getMetadata().getAnnotations()).containsEntry(RevisionAnnotations.DESIRED_REPLICAS, "5")
                    .containsEntry(RevisionAnnotations.MAX_REPLICAS, "6");
        });
    }

    @Test
    void resumingSaysSo() {
        Deployment d = withStatus(rolling(3, "nginx:1", 1, 0), new DeploymentStatusBuilder()
                .withConditions(cond("Progressing", "Unknown", "DeploymentPaused", "2025-03-01T11:00:00Z")).build());
        List<DeploymentAction> actions = reconciler.reconcile(d, List.of(replicaSet(d, "nginx:1", 3, 3, 1, "2025-03-01T10:00:00Z")), List.of(), NOW);
        assertThat(condition(writtenStatus(actions), "Progressing")).get().satisfies(c -> {
            assertThat(c.getReason()).isIn("DeploymentResumed", "NewReplicaSetAvailable");
        });
    }

    @Test
    void scalingUpMidRolloutIsSharedProportionally() {
        Deployment before = rolling(10, "nginx:2", 3, 2);
        ReplicaSet old = replicaSet(before, "nginx:1", 8, 8, 1, "2025-03-01T10:00:00Z");
        ReplicaSet fresh = replicaSet(before, "nginx:2", 5, 0, 2, "2025-03-01T11:00:00Z");
        Deployment after = rolling(20, "nginx:2", 3, 2);
        List<DeploymentAction> actions = reconciler.reconcile(after, List.of(old, fresh), List.of(), NOW);

        Map<String, Integer> sizes = new java.util.HashMap<>();
        of(actions, UpdateReplicaSet.class).forEach(u -> sizes.put(u.replicaSet().getMetadata().getName(), u.replicaSet().getSpec().getReplicas()));
        // 13 replicas made for 13 (10 + surge 3) become 23 (20 + 3): 8 → round(8·23/13) = 14, 5 → 9.
        assertThat(sizes).containsEntry(old.getMetadata().getName(), 14).containsEntry(fresh.getMetadata().getName(), 9);
        assertThat(of(actions, UpdateReplicaSet.class)).allSatisfy(u -> assertThat(u.replicaSet().getMetadata().getAnnotations())
                .containsEntry(RevisionAnnotations.DESIRED_REPLICAS, "20").containsEntry(RevisionAnnotations.MAX_REPLICAS, "23"));
        assertThat(events(actions)).containsExactly(
                "Normal ScalingReplicaSet: Scaled up replica set " + old.getMetadata().getName() + " from 8 to 14",
                "Normal ScalingReplicaSet: Scaled up replica set " + fresh.getMetadata().getName() + " from 5 to 9");
    }

    @Test
    void scalingDownMidRolloutIsSharedProportionally() {
        Deployment before = rolling(10, "nginx:2", 3, 2);
        ReplicaSet old = replicaSet(before, "nginx:1", 8, 8, 1, "2025-03-01T10:00:00Z");
        ReplicaSet fresh = replicaSet(before, "nginx:2", 5, 0, 2, "2025-03-01T11:00:00Z");
        List<DeploymentAction> actions = reconciler.reconcile(rolling(5, "nginx:2", 3, 2), List.of(old, fresh), List.of(), NOW);
        Map<String, Integer> sizes = new java.util.HashMap<>();
        of(actions, UpdateReplicaSet.class).forEach(u -> sizes.put(u.replicaSet().getMetadata().getName(), u.replicaSet().getSpec().getReplicas()));
        // Allowed 8 (5 + 3): 8 → round(8·8/13) = 5, 5 → round(5·8/13) = 3.
        assertThat(sizes).containsEntry(old.getMetadata().getName(), 5).containsEntry(fresh.getMetadata().getName(), 3);
    }

    @Test
    void oldRevisionsBeyondTheHistoryLimitAreDeletedOnceComplete() {
        Deployment d = withStatus(rolling(3, "nginx:4", 1, 0), new DeploymentStatusBuilder()
                .withObservedGeneration(1L).withReplicas(3).withUpdatedReplicas(3).withReadyReplicas(3).withAvailableReplicas(3).build());
        d.getSpec().setRevisionHistoryLimit(1);
        ReplicaSet v1 = replicaSet(d, "nginx:1", 0, 0, 1, "2025-03-01T09:00:00Z");
        ReplicaSet v2 = replicaSet(d, "nginx:2", 0, 0, 2, "2025-03-01T10:00:00Z");
        ReplicaSet v3 = replicaSet(d, "nginx:3", 0, 0, 3, "2025-03-01T11:00:00Z");
        for (ReplicaSet rs : List.of(v1, v2, v3)) rs.getStatus().setReplicas(0);
        ReplicaSet v4 = replicaSet(d, "nginx:4", 3, 3, 4, "2025-03-01T11:30:00Z");
        List<DeploymentAction> actions = reconciler.reconcile(d, List.of(v3, v1, v4, v2), List.of(), NOW);
        assertThat(of(actions, DeleteReplicaSet.class)).extracting(x -> x.replicaSet().getMetadata().getName())
                .containsExactly(v1.getMetadata().getName(), v2.getMetadata().getName());
    }

    @Test
    void aStuckRolloutTimesOutAfterTheProgressDeadline() {
        Deployment base = rolling(3, "nginx:2", 1, 0);
        ReplicaSet old = replicaSet(base, "nginx:1", 3, 3, 1, "2025-03-01T10:00:00Z");
        ReplicaSet stuck = replicaSet(base, "nginx:2", 1, 0, 2, "2025-03-01T11:00:00Z");
        stuck.getStatus().setReadyReplicas(null);

        Deployment recent = withStatus(base, stuckStatus("2025-03-01T11:58:20Z"));
        List<DeploymentAction> waiting = reconciler.reconcile(recent, List.of(old, stuck), List.of(), NOW);
        assertThat(of(waiting, UpdateStatus.class)).isEmpty();
        // Looked at again when the deadline runs out (600 s after 11:58:20), plus a second.
        assertThat(of(waiting, RequeueAfter.class)).containsExactly(new RequeueAfter(Duration.ofSeconds(501)));

        Deployment late = withStatus(base, stuckStatus("2025-03-01T11:48:00Z"));
        List<DeploymentAction> actions = reconciler.reconcile(late, List.of(old, stuck), List.of(), NOW);
        assertThat(condition(writtenStatus(actions), "Progressing")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
            assertThat(c.getMessage()).isEqualTo("ReplicaSet \"" + stuck.getMetadata().getName() + "\" has timed out progressing.");
        });
    }

    private static DeploymentStatus stuckStatus(String lastProgress) {
        return new DeploymentStatusBuilder().withObservedGeneration(1L).withReplicas(4).withUpdatedReplicas(1).withReadyReplicas(3)
                .withAvailableReplicas(3).withUnavailableReplicas(1)
                .withConditions(cond("Available", "True", "MinimumReplicasAvailable", "2025-03-01T10:00:00Z"),
                        cond("Progressing", "True", "ReplicaSetUpdated", lastProgress))
                .build();
    }

    @Test
    void rollingBackMakesTheOldReplicaSetTheNewRevisionAndScalesItFromTheUpdatedCopy() {
        Deployment d = withStatus(rolling(3, "nginx:1", 1, 0), new DeploymentStatusBuilder()
                .withObservedGeneration(1L).withReplicas(3).withUpdatedReplicas(3).withReadyReplicas(3).withAvailableReplicas(3).build());
        ReplicaSet v1 = replicaSet(d, "nginx:1", 0, 0, 1, "2025-03-01T10:00:00Z");
        v1.getStatus().setReplicas(0);
        ReplicaSet v2 = replicaSet(d, "nginx:2", 3, 3, 2, "2025-03-01T11:00:00Z");
        List<DeploymentAction> actions = reconciler.reconcile(d, List.of(v1, v2), List.of(), NOW);

        List<UpdateReplicaSet> updates = of(actions, UpdateReplicaSet.class);
        assertThat(updates).hasSize(2);
        assertThat(updates.get(0).replicaSet().getMetadata().getAnnotations())
                .containsEntry(RevisionAnnotations.REVISION, "3").containsEntry(RevisionAnnotations.REVISION_HISTORY, "1");
        assertThat(updates.get(0).replicaSet().getMetadata().getResourceVersion()).isEqualTo("rv-nginx:1");
        // The second write is made from the first one's result, not from the cache's stale copy.
        assertThat(updates.get(1).replicaSet().getMetadata().getResourceVersion()).isEqualTo(updates.get(0).plannedVersion());
        assertThat(updates.get(1).replicaSet().getSpec().getReplicas()).isEqualTo(1);
        assertThat(updates.get(1).replicaSet().getMetadata().getAnnotations()).containsEntry(RevisionAnnotations.REVISION, "3");
        assertThat(of(actions, SetRevision.class)).containsExactly(new SetRevision("3"));
    }

    @Test
    void orphansAreAdoptedAndStrangersReleased() {
        Deployment d = rolling(1, "nginx:1", 1, 0);
        ReplicaSet orphan = new ReplicaSetBuilder(replicaSet(d, "nginx:1", 1, 1, 1, "2025-03-01T10:00:00Z"))
                .editMetadata().withOwnerReferences(List.of()).endMetadata().build();
        ReplicaSet relabeled = new ReplicaSetBuilder(replicaSet(d, "nginx:0", 0, 0, 1, "2025-03-01T09:00:00Z"))
                .editMetadata().withLabels(Map.of("app", "other")).endMetadata().build();
        List<DeploymentAction> actions = reconciler.reconcile(d, List.of(orphan, relabeled), List.of(), NOW);
        assertThat(of(actions, AdoptReplicaSet.class)).extracting(a -> a.replicaSet().getMetadata().getName()).containsExactly(orphan.getMetadata().getName());
        assertThat(of(actions, ReleaseReplicaSet.class)).extracting(a -> a.replicaSet().getMetadata().getName()).containsExactly(relabeled.getMetadata().getName());
        // The adopted one is the new ReplicaSet: nothing is created.
        assertThat(of(actions, CreateReplicaSet.class)).isEmpty();
    }

    @Test
    void aDeploymentBeingDeletedOnlyUpdatesItsStatus() {
        Deployment d = new DeploymentBuilder(rolling(3, "nginx:2", 1, 0)).editMetadata().withDeletionTimestamp("2025-03-01T11:00:00Z").endMetadata().build();
        ReplicaSet old = replicaSet(d, "nginx:1", 3, 3, 1, "2025-03-01T10:00:00Z");
        List<DeploymentAction> actions = reconciler.reconcile(d, List.of(old), List.of(), NOW);
        assertThat(actions).allMatch(a -> a instanceof UpdateStatus);
        assertThat(writtenStatus(actions).getReplicas()).isEqualTo(3);
    }

    @Test
    void anEmptySelectorIsRefused() {
        Deployment d = rolling(3, "nginx:1", 1, 0);
        d.getSpec().setSelector(new LabelSelector());
        List<DeploymentAction> actions = reconciler.reconcile(d, List.of(), List.of(), NOW);
        assertThat(events(actions)).containsExactly("Warning SelectingAll: This deployment is selecting all pods. A non-empty selector is required.");
        assertThat(of(actions, CreateReplicaSet.class)).isEmpty();
        assertThat(writtenStatus(actions).getObservedGeneration()).isEqualTo(1L);
    }

    @Test
    void aReplicaSetFailureSurfacesOnTheDeployment() {
        Deployment d = rolling(3, "nginx:1", 1, 0);
        ReplicaSet rs = replicaSet(d, "nginx:1", 3, 0, 1, "2025-03-01T10:00:00Z");
        rs.getStatus().setReplicas(0);
        rs.getStatus().setConditions(List.of(new ReplicaSetConditionBuilder().withType("ReplicaFailure").withStatus("True")
                .withReason("FailedCreate").withMessage("forbidden: exceeded quota").withLastTransitionTime("2025-03-01T11:00:00Z").build()));
        List<DeploymentAction> actions = reconciler.reconcile(d, List.of(rs), List.of(), NOW);
        assertThat(condition(writtenStatus(actions), "ReplicaFailure")).get().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("FailedCreate");
            assertThat(c.getMessage()).isEqualTo("forbidden: exceeded quota");
        });
    }

    @Test
    void aFailedCreateIsReportedInProgressingAndAsAnEvent() {
        Deployment d = rolling(3, "nginx:1", 1, 0);
        ReplicaSet rs = replicaSet(d, "nginx:1", 3, 0, 1, "2025-03-01T10:00:00Z");
        List<DeploymentAction> actions = reconciler.replicaSetCreateFailed(d, rs, "quota exceeded", NOW);
        String message = "Failed to create new replica set \"" + rs.getMetadata().getName() + "\": quota exceeded";
        assertThat(condition(writtenStatus(actions), "Progressing")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ReplicaSetCreateError");
            assertThat(c.getMessage()).isEqualTo(message);
        });
        assertThat(events(actions)).containsExactly("Warning ReplicaSetCreateError: " + message);
    }

    @Test
    void aTakenNameIsOursOrACollision() {
        Deployment d = rolling(3, "nginx:1", 1, 0);
        ReplicaSet ours = replicaSet(d, "nginx:1", 3, 0, 1, "2025-03-01T10:00:00Z");
        assertThat(reconciler.replicaSetNameTaken(d, ours)).isEmpty();

        ReplicaSet foreign = new ReplicaSetBuilder(ours).editMetadata().withOwnerReferences(List.of()).endMetadata().build();
        assertThat(of(reconciler.replicaSetNameTaken(d, foreign), UpdateStatus.class)).singleElement()
                .satisfies(u -> assertThat(u.status().getCollisionCount()).isEqualTo(1));

        // After a collision the hash, and so the name, changes.
        Deployment collided = withStatus(d, new DeploymentStatusBuilder().withCollisionCount(1).build());
        ReplicaSet next = of(reconciler.reconcile(collided, List.of(), List.of(), NOW), CreateReplicaSet.class).getFirst().replicaSet();
        assertThat(next.getMetadata().getName()).isNotEqualTo(ours.getMetadata().getName());
    }

    @Test
    void anUnchangedDeploymentWritesNothing() {
        Deployment d = rolling(3, "nginx:1", 1, 0);
        ReplicaSet rs = replicaSet(d, "nginx:1", 3, 3, 1, "2025-03-01T10:00:00Z");
        List<DeploymentAction> first = reconciler.reconcile(d, List.of(rs), List.of(), NOW);
        Deployment settled = withStatus(d, writtenStatus(first));
        settled.getMetadata().setAnnotations(Map.of(RevisionAnnotations.REVISION, "1"));
        assertThat(reconciler.reconcile(settled, List.of(rs), List.of(), NOW.plusSeconds(30))).isEmpty();
    }
}
