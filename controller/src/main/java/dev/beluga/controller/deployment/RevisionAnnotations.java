package dev.beluga.controller.deployment;

import dev.beluga.controller.Times;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The annotations a Deployment keeps on its ReplicaSets (deploymentutil): the revision each one
 * rolled out as (what `kubectl rollout history|undo` read), the revisions an RS served before when
 * rolled back to, and the desired and maximum replicas it was sized for (proportional scaling).
 */
public final class RevisionAnnotations {
    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    static final String DEPRECATED_ROLLBACK_TO = "deprecated.deployment.rollback.to";
    /** Upstream caps the revision history annotation at about 100 revisions. */
    static final int MAX_REVISION_HISTORY_CHARS = 2000;

    private static final Set<String> NOT_COPIED = Set.of(LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, DEPRECATED_ROLLBACK_TO);

    private RevisionAnnotations() {}

    /** The object's revision; 0 without the annotation, empty when it is not a number. */
    public static OptionalLong revision(HasMetadata o) {
        String v = annotations(o).get(REVISION);
        if (v == null) return OptionalLong.of(0);
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** MaxRevision: the highest revision among these ReplicaSets (unparseable ones skipped). */
    public static long maxRevision(List<ReplicaSet> replicaSets) {
        long max = 0;
        for (ReplicaSet rs : replicaSets) max = Math.max(max, revision(rs).orElse(0));
        return max;
    }

    /**
     * SetNewReplicaSetAnnotations: copies the Deployment's own annotations onto its new ReplicaSet,
     * raises the RS's revision to {@code newRevision} (remembering the one it had in the history: a
     * rollback to it), and gives a ReplicaSet about to be created its replica annotations.
     * Returns whether anything changed.
     */
    public static boolean setNewReplicaSetAnnotations(Deployment d, ReplicaSet rs, String newRevision, boolean exists) {
        Map<String, String> a = mutableAnnotations(rs);
        boolean changed = copyDeploymentAnnotations(d, a);
        String oldRevision = a.get(REVISION);
        long oldRevisionInt;
        if (oldRevision == null || oldRevision.isEmpty()) {
            oldRevisionInt = 0;
        } else {
            try {
                oldRevisionInt = Long.parseLong(oldRevision);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        long newRevisionInt;
        try {
            newRevisionInt = Long.parseLong(newRevision);
        } catch (NumberFormatException e) {
            return false;
        }
        if (oldRevisionInt < newRevisionInt) {
            a.put(REVISION, newRevision);
            changed = true;
        }
        if (oldRevision != null && oldRevisionInt < newRevisionInt) {
            String history = a.getOrDefault(REVISION_HISTORY, "");
            if (history.isEmpty()) {
                a.put(REVISION_HISTORY, oldRevision);
            } else {
                List<String> old = new ArrayList<>(Arrays.asList(history.split(",", -1)));
                int total = history.length() + oldRevision.length() + 1;
                int start = 0;
                while (total > MAX_REVISION_HISTORY_CHARS && start < old.size()) {
                    total -= old.get(start).length() + 1;
                    start++;
                }
                if (total <= MAX_REVISION_HISTORY_CHARS) {
                    List<String> kept = new ArrayList<>(old.subList(start, old.size()));
                    kept.add(oldRevision);
                    a.put(REVISION_HISTORY, String.join(",", kept));
                }
            }
        }
        if (!exists && setReplicasAnnotations(rs, Fenceposts.replicas(d), Fenceposts.replicas(d) + Fenceposts.maxSurge(d))) changed = true;
        return changed;
    }

    /** Every Deployment annotation except the apply and revision ones; true when one was added or changed. */
    private static boolean copyDeploymentAnnotations(Deployment d, Map<String, String> target) {
        boolean changed = false;
        for (Map.Entry<String, String> e : annotations(d).entrySet()) {
            if (NOT_COPIED.contains(e.getKey())) continue;
            if (target.containsKey(e.getKey()) && java.util.Objects.equals(target.get(e.getKey()), e.getValue())) continue;
            target.put(e.getKey(), e.getValue());
            changed = true;
        }
        return changed;
    }

    public static boolean setReplicasAnnotations(ReplicaSet rs, int desired, int max) {
        Map<String, String> a = mutableAnnotations(rs);
        boolean changed = false;
        if (!Integer.toString(desired).equals(a.get(DESIRED_REPLICAS))) {
            a.put(DESIRED_REPLICAS, Integer.toString(desired));
            changed = true;
        }
        if (!Integer.toString(max).equals(a.get(MAX_REPLICAS))) {
            a.put(MAX_REPLICAS, Integer.toString(max));
            changed = true;
        }
        return changed;
    }

    public static boolean replicasAnnotationsNeedUpdate(ReplicaSet rs, int desired, int max) {
        Map<String, String> a = annotations(rs);
        return !Integer.toString(desired).equals(a.get(DESIRED_REPLICAS)) || !Integer.toString(max).equals(a.get(MAX_REPLICAS));
    }

    public static OptionalInt desiredReplicas(ReplicaSet rs) {
        return intAnnotation(rs, DESIRED_REPLICAS);
    }

    public static OptionalInt maxReplicas(ReplicaSet rs) {
        return intAnnotation(rs, MAX_REPLICAS);
    }

    private static OptionalInt intAnnotation(ReplicaSet rs, String key) {
        String v = annotations(rs).get(key);
        if (v == null) return OptionalInt.empty();
        try {
            return OptionalInt.of(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** ReplicaSetsByRevision: oldest revision first; ties (or unparseable revisions) by creation time, then name. */
    public static Comparator<ReplicaSet> byRevision() {
        return (a, b) -> {
            OptionalLong ra = revision(a);
            OptionalLong rb = revision(b);
            if (ra.isEmpty() || rb.isEmpty() || ra.getAsLong() == rb.getAsLong()) return byCreation().compare(a, b);
            return Long.compare(ra.getAsLong(), rb.getAsLong());
        };
    }

    /** ReplicaSetsByCreationTimestamp: oldest first, ties by name. */
    public static Comparator<ReplicaSet> byCreation() {
        return Comparator.comparing((ReplicaSet rs) -> Times.parse(rs.getMetadata().getCreationTimestamp()).orElse(Instant.MIN))
                .thenComparing(rs -> rs.getMetadata().getName());
    }

    static Map<String, String> annotations(HasMetadata o) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    private static Map<String, String> mutableAnnotations(HasMetadata o) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        if (a == null) {
            a = new LinkedHashMap<>();
            o.getMetadata().setAnnotations(a);
        }
        return a;
    }
}
