package dev.beluga.controller.replicaset;

import dev.beluga.controller.ControllerRefs;
import dev.beluga.controller.ObjectCopy;
import dev.beluga.controller.PodReadiness;
import dev.beluga.controller.Times;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream's ReplicaSet calculateStatus and its condition helpers. Fields upstream marks omitempty
 * are left out when zero, so the stored status reads as upstream's does ({@code replicas} is always there).
 */
public final class ReplicaSetStatuses {
    public static final String REPLICA_FAILURE = "ReplicaFailure";

    private ReplicaSetStatuses() {}

    /**
     * The status the ReplicaSet has with these (active, owned) pods: counts, observedGeneration, and
     * no ReplicaFailure condition (pod management succeeded or was not needed).
     */
    public static ReplicaSetStatus calculate(ReplicaSet rs, List<Pod> ownedActivePods, Instant now) {
        Map<String, String> templateLabels = rs.getSpec().getTemplate() == null || rs.getSpec().getTemplate().getMetadata() == null
                || rs.getSpec().getTemplate().getMetadata().getLabels() == null
                ? Map.of() : rs.getSpec().getTemplate().getMetadata().getLabels();
        int minReadySeconds = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (Pod pod : ownedActivePods) {
            Map<String, String> labels = ControllerRefs.labelsOf(pod);
            if (labels.entrySet().containsAll(templateLabels.entrySet())) fullyLabeled++;
            if (PodReadiness.isReady(pod)) {
                ready++;
                if (PodReadiness.isAvailable(pod, minReadySeconds, now)) available++;
            }
        }
        ReplicaSetStatus status = new ReplicaSetStatus();
        status.setReplicas(ownedActivePods.size());
        status.setFullyLabeledReplicas(omitZero(fullyLabeled));
        status.setReadyReplicas(omitZero(ready));
        status.setAvailableReplicas(omitZero(available));
        Long generation = rs.getMetadata().getGeneration();
        status.setObservedGeneration(generation == null || generation == 0 ? null : generation);
        List<ReplicaSetCondition> conditions = new ArrayList<>();
        for (ReplicaSetCondition c : conditionsOf(rs.getStatus())) {
            if (!REPLICA_FAILURE.equals(c.getType())) conditions.add(ObjectCopy.of(c));
        }
        status.setConditions(conditions.isEmpty() ? null : conditions);
        return status;
    }

    /**
     * {@code computed} with a ReplicaFailure condition: the one {@code previous} already carries (its
     * lastTransitionTime kept), or a new one with this reason ("FailedCreate"/"FailedDelete") and message.
     */
    public static ReplicaSetStatus withReplicaFailure(ReplicaSetStatus previous, ReplicaSetStatus computed, String reason, String message, Instant now) {
        ReplicaSetStatus out = ObjectCopy.of(computed);
        ReplicaSetCondition failure = conditionsOf(previous).stream().filter(c -> REPLICA_FAILURE.equals(c.getType())).findFirst()
                .map(ObjectCopy::of)
                .orElseGet(() -> {
                    ReplicaSetCondition c = new ReplicaSetCondition();
                    c.setType(REPLICA_FAILURE);
                    c.setStatus("True");
                    c.setReason(reason);
                    c.setMessage(message);
                    c.setLastTransitionTime(Times.format(now));
                    return c;
                });
        List<ReplicaSetCondition> conditions = new ArrayList<>(conditionsOf(out));
        conditions.add(failure);
        out.setConditions(conditions);
        return out;
    }

    /** Upstream writes when a count, observedGeneration or a condition changed. */
    public static boolean differ(ReplicaSetStatus stored, ReplicaSetStatus next) {
        ReplicaSetStatus a = stored == null ? new ReplicaSetStatus() : stored;
        return count(a.getReplicas()) != count(next.getReplicas())
                || count(a.getFullyLabeledReplicas()) != count(next.getFullyLabeledReplicas())
                || count(a.getReadyReplicas()) != count(next.getReadyReplicas())
                || count(a.getAvailableReplicas()) != count(next.getAvailableReplicas())
                || (a.getObservedGeneration() == null ? 0 : a.getObservedGeneration()) != (next.getObservedGeneration() == null ? 0 : next.getObservedGeneration())
                || !Objects.equals(ObjectCopy.tree(conditionsOf(a)), ObjectCopy.tree(conditionsOf(next)));
    }

    static List<ReplicaSetCondition> conditionsOf(ReplicaSetStatus status) {
        return status == null || status.getConditions() == null ? List.of() : status.getConditions();
    }

    static int count(Integer value) {
        return value == null ? 0 : value;
    }

    private static Integer omitZero(int value) {
        return value == 0 ? null : value;
    }
}
