package dev.beluga.controller.replicaset;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one sync of a ReplicaSet does: the actions in order, plus what to write instead of the planned
 * status when creating or deleting pods fails (upstream then reports a ReplicaFailure condition).
 *
 * @param replicaSet the ReplicaSet as planned for
 * @param status     its status if every action succeeds
 */
public record ReplicaSetPlan(ReplicaSet replicaSet, List<ReplicaSetAction> actions, ReplicaSetStatus status) {
    public ReplicaSetPlan {
        actions = List.copyOf(actions);
    }

    /** The status to write after pod creation or deletion failed; empty when the stored one already says so. */
    public Optional<ReplicaSetStatus> statusAfterFailure(String reason, String message, Instant now) {
        ReplicaSetStatus failed = ReplicaSetStatuses.withReplicaFailure(replicaSet.getStatus(), status, reason, message, now);
        return ReplicaSetStatuses.differ(replicaSet.getStatus(), failed) ? Optional.of(failed) : Optional.empty();
    }

    public <A extends ReplicaSetAction> List<A> actionsOf(Class<A> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
