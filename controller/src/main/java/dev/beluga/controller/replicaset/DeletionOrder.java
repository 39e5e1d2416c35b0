package dev.beluga.controller.replicaset;

import dev.beluga.controller.PodReadiness;
import dev.beluga.controller.Times;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which pods a ReplicaSet deletes first when it has too many: upstream's ActivePodsWithRanks order,
 * least valuable first.
 * <ol>
 *   <li>unscheduled before scheduled;</li>
 *   <li>Pending before Unknown before Running;</li>
 *   <li>not Ready before Ready;</li>
 *   <li>lower controller.kubernetes.io/pod-deletion-cost first;</li>
 *   <li>more pods of the same owner on its node first (spreads what remains);</li>
 *   <li>Ready for less time first (log2 buckets of the age, ties by uid);</li>
 *   <li>more container restarts first;</li>
 *   <li>newer first (log2 buckets of the age, ties by uid).</li>
 * </ol>
 */
public final class DeletionOrder {
    static final String DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

    private DeletionOrder() {}

    /**
     * The {@code count} pods to delete out of {@code pods}. {@code related} are all active pods of the
     * same owner (the Deployment's other ReplicaSets too), used to rank pods doubled up on a node.
     */
    public static List<Pod> choose(List<Pod> pods, List<Pod> related, int count, Instant now) {
        if (count >= pods.size()) return List.copyOf(pods);
        List<Pod> sorted = new ArrayList<>(pods);
        sorted.sort(comparator(pods, related, now));
        return List.copyOf(sorted.subList(0, count));
    }

    static Comparator<Pod> comparator(List<Pod> pods, List<Pod> related, Instant now) {
        Map<String, Integer> podsOnNode = new HashMap<>();
        for (Pod p : related) {
            if (PodReadiness.isActive(p)) podsOnNode.merge(nodeOf(p), 1, Integer::sum);
        }
        return (a, b) -> {
            if (less(a, b, podsOnNode, now)) return -1;
            if (less(b, a, podsOnNode, now)) return 1;
            return 0;
        };
    }

    private static boolean less(Pod a, Pod b, Map<String, Integer> podsOnNode, Instant now) {
        String nodeA = nodeOf(a);
        String nodeB = nodeOf(b);
        if (!nodeA.equals(nodeB) && (nodeA.isEmpty() || nodeB.isEmpty())) return nodeA.isEmpty();
        int phaseA = phaseOrdinal(a);
        int phaseB = phaseOrdinal(b);
        if (phaseA != phaseB) return phaseA < phaseB;
        boolean readyA = PodReadiness.isReady(a);
        boolean readyB = PodReadiness.isReady(b);
        if (readyA != readyB) return !readyA;
        int costA = deletionCost(a);
        int costB = deletionCost(b);
        if (costA != costB) return costA < costB;
        int rankA = podsOnNode.getOrDefault(nodeA, 0);
        int rankB = podsOnNode.getOrDefault(nodeB, 0);
        if (rankA != rankB) return rankA > rankB;
        if (readyA) {
            Optional<Instant> sinceA = PodReadiness.readySince(a);
            Optional<Instant> sinceB = PodReadiness.readySince(b);
            if (!sinceA.equals(sinceB)) return newerFirst(sinceA, sinceB, a, b, now);
        }
        int restartsA = PodReadiness.maxRestarts(a);
        int restartsB = PodReadiness.maxRestarts(b);
        if (restartsA != restartsB) return restartsA > restartsB;
        Optional<Instant> createdA = Times.parse(a.getMetadata().getCreationTimestamp());
        Optional<Instant> createdB = Times.parse(b.getMetadata().getCreationTimestamp());
        if (!createdA.equals(createdB)) return newerFirst(createdA, createdB, a, b, now);
        return false;
    }

    /**
     * afterOrZero with LogarithmicScaleDown: an unknown time first; otherwise compare the log2 of the
     * ages in nanoseconds, so pods of about the same age are picked from pseudo-randomly (by uid)
     * rather than always the very newest.
     */
    private static boolean newerFirst(Optional<Instant> a, Optional<Instant> b, Pod podA, Pod podB, Instant now) {
        if (a.isEmpty() || b.isEmpty()) return a.isEmpty();
        long rankDiff = log2Rank(Duration.between(a.get(), now)) - log2Rank(Duration.between(b.get(), now));
        if (rankDiff == 0) return uidOf(podA).compareTo(uidOf(podB)) < 0;
        return rankDiff < 0;
    }

    private static long log2Rank(Duration age) {
        double nanos = (double) age.toNanos();
        if (nanos <= 0) return -1;
        return (long) (Math.log(nanos) / Math.log(2));
    }

    private static int phaseOrdinal(Pod pod) {
        return switch (PodReadiness.phase(pod)) {
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 0;
        };
    }

    private static int deletionCost(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(DELETION_COST_ANNOTATION);
        if (value == null) return 0;
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String nodeOf(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
    }

    private static String uidOf(Pod pod) {
        return pod.getMetadata().getUid() == null ? "" : pod.getMetadata().getUid();
    }
}
