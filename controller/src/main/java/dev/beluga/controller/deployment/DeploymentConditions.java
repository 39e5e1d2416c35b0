package dev.beluga.controller.deployment;

import dev.beluga.controller.Times;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Deployment condition types, reasons and messages as upstream's deploymentutil, and its condition helpers. */
public final class DeploymentConditions {
    public static final String PROGRESSING = "Progressing";
    public static final String AVAILABLE = "Available";
    public static final String REPLICA_FAILURE = "ReplicaFailure";

    public static final String REPLICA_SET_UPDATED = "ReplicaSetUpdated";
    public static final String FAILED_RS_CREATE = "ReplicaSetCreateError";
    public static final String NEW_REPLICA_SET = "NewReplicaSetCreated";
    public static final String FOUND_NEW_RS = "FoundNewReplicaSet";
    public static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    public static final String TIMED_OUT = "ProgressDeadlineExceeded";
    public static final String PAUSED = "DeploymentPaused";
    public static final String RESUMED = "DeploymentResumed";
    public static final String MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";
    public static final String MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";

    private DeploymentConditions() {}

    public static DeploymentCondition condition(String type, String status, String reason, String message, Instant now) {
        DeploymentCondition c = new DeploymentCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastUpdateTime(Times.format(now));
        c.setLastTransitionTime(Times.format(now));
        return c;
    }

    public static Optional<DeploymentCondition> get(DeploymentStatus status, String type) {
        if (status == null || status.getConditions() == null) return Optional.empty();
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /**
     * SetDeploymentCondition: nothing changes when a condition of that type already has this status
     * and reason; with the same status only, the lastTransitionTime is kept. The condition goes last.
     */
    public static void set(DeploymentStatus status, DeploymentCondition condition) {
        Optional<DeploymentCondition> current = get(status, condition.getType());
        if (current.isPresent() && eq(current.get().getStatus(), condition.getStatus()) && eq(current.get().getReason(), condition.getReason())) return;
        if (current.isPresent() && eq(current.get().getStatus(), condition.getStatus())) {
            condition.setLastTransitionTime(current.get().getLastTransitionTime());
        }
        List<DeploymentCondition> conditions = without(status, condition.getType());
        conditions.add(condition);
        status.setConditions(conditions);
    }

    public static void remove(DeploymentStatus status, String type) {
        List<DeploymentCondition> conditions = without(status, type);
        status.setConditions(conditions.isEmpty() ? null : conditions);
    }

    /** ReplicaSetToDeploymentCondition: a ReplicaSet's failure surfaced on its Deployment. */
    public static DeploymentCondition fromReplicaSet(ReplicaSetCondition c) {
        DeploymentCondition d = new DeploymentCondition();
        d.setType(c.getType());
        d.setStatus(c.getStatus());
        d.setReason(c.getReason());
        d.setMessage(c.getMessage());
        d.setLastTransitionTime(c.getLastTransitionTime());
        d.setLastUpdateTime(c.getLastTransitionTime());
        return d;
    }

    private static List<DeploymentCondition> without(DeploymentStatus status, String type) {
        List<DeploymentCondition> out = new ArrayList<>();
        if (status.getConditions() != null) {
            for (DeploymentCondition c : status.getConditions()) if (!type.equals(c.getType())) out.add(c);
        }
        return out;
    }

    private static boolean eq(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
