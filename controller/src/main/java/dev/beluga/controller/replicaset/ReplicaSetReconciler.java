package dev.beluga.controller.replicaset;

import dev.beluga.api.errors.StatusException;
import dev.beluga.api.selection.LabelSelector;
import dev.beluga.controller.ControllerRefs;
import dev.beluga.controller.PodReadiness;
import dev.beluga.controller.replicaset.ReplicaSetAction.AdoptPod;
import dev.beluga.controller.replicaset.ReplicaSetAction.CreatePods;
import dev.beluga.controller.replicaset.ReplicaSetAction.DeletePods;
import dev.beluga.controller.replicaset.ReplicaSetAction.ReleasePod;
import dev.beluga.controller.replicaset.ReplicaSetAction.RequeueAfter;
import dev.beluga.controller.replicaset.ReplicaSetAction.UpdateStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's syncReplicaSet as a pure function: (ReplicaSet, the pods that may be its, now) → what
 * to do. Claims pods (adopts matching orphans, releases owned pods that stopped matching; a
 * ReplicaSet being deleted does neither), then, unless creates or deletes are still in flight,
 * creates or deletes pods to reach spec.replicas, and computes the status.
 */
public final class ReplicaSetReconciler {
    /** Upstream's burstReplicas: at most this many creates or deletes per sync. */
    public static final int DEFAULT_BURST = 500;
    /** Slack after a pod's minReadySeconds runs out, so the recheck finds it available (times are whole seconds). */
    static final Duration AVAILABILITY_SLACK = Duration.ofMillis(100);

    private final int burstReplicas;

    public ReplicaSetReconciler() {
        this(DEFAULT_BURST);
    }

    public ReplicaSetReconciler(int burstReplicas) {
        this.burstReplicas = burstReplicas;
    }

    /** With no pods in flight, and the ReplicaSet's own pods as the only related ones. */
    public ReplicaSetPlan reconcile(ReplicaSet rs, List<Pod> pods, Instant now) {
        return reconcile(rs, pods, pods, true, now);
    }

    /**
     * @param pods                  candidate pods: those the ReplicaSet controls and orphans in its namespace (others are ignored)
     * @param relatedPods           pods of every ReplicaSet with the same owner, to rank pods doubled up on a node
     * @param expectationsSatisfied false while earlier creates/deletes are not yet observed: then no pods are created or deleted
     */
    public ReplicaSetPlan reconcile(ReplicaSet rs, List<Pod> pods, List<Pod> relatedPods, boolean expectationsSatisfied, Instant now) {
        List<ReplicaSetAction> actions = new ArrayList<>();
        LabelSelector selector;
        try {
            selector = LabelSelector.fromModel(Optional.ofNullable(rs.getSpec().getSelector()));
        } catch (StatusException e) {
            // Validation keeps bad selectors out; one that slips through selects nothing, as upstream.
            selector = LabelSelector.nothing();
        }
        boolean deleting = rs.getMetadata().getDeletionTimestamp() != null;
        String uid = rs.getMetadata().getUid();

        List<Pod> owned = new ArrayList<>();
        for (Pod pod : pods) {
            if (!PodReadiness.isActive(pod)) continue;
            Optional<OwnerReference> ref = ControllerRefs.controllerOf(pod);
            boolean matches = selector.matches(ControllerRefs.labelsOf(pod));
            if (ref.isPresent()) {
                if (uid == null || !uid.equals(ref.get().getUid())) continue;
                if (matches) owned.add(pod);
                else if (!deleting) actions.add(new ReleasePod(pod));
            } else if (matches && !deleting) {
                actions.add(new AdoptPod(pod));
                owned.add(pod);
            }
        }

        if (expectationsSatisfied && !deleting) {
            int diff = owned.size() - replicas(rs);
            if (diff < 0) {
                actions.add(new CreatePods(Math.min(-diff, burstReplicas)));
            } else if (diff > 0) {
                List<Pod> related = relatedPods.isEmpty() ? owned : relatedPods;
                actions.add(new DeletePods(DeletionOrder.choose(owned, related, Math.min(diff, burstReplicas), now)));
            }
        }

        ReplicaSetStatus status = ReplicaSetStatuses.calculate(rs, owned, now);
        if (ReplicaSetStatuses.differ(rs.getStatus(), status)) actions.add(new UpdateStatus(status));

        int minReadySeconds = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
        owned.stream()
                .flatMap(p -> PodReadiness.untilAvailable(p, minReadySeconds, now).stream())
                .min(Duration::compareTo)
                .ifPresent(d -> actions.add(new RequeueAfter((d.isNegative() ? Duration.ZERO : d).plus(AVAILABILITY_SLACK))));
        return new ReplicaSetPlan(rs, actions, status);
    }

    static int replicas(ReplicaSet rs) {
        Integer r = rs.getSpec().getReplicas();
        return r == null ? 1 : r;
    }
}
