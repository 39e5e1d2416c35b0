package dev.beluga.controller.podgc;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Upstream's pod GC decisions (gc_controller.go), without I/O. */
public final class PodCollection {
    private PodCollection() {}

    /** Why a pod goes. */
    public enum Reason {
        /** One of the oldest terminated pods beyond the threshold. */
        TERMINATED_OVER_THRESHOLD,
        /** Bound to a node that no longer exists. */
        ORPHANED,
        /** Being deleted but never scheduled: no kubelet will ever confirm it. */
        UNSCHEDULED_TERMINATING
    }

    public record Deletion(Pod pod, Reason reason) {}

    /**
     * The pods to force-delete, each once: those bound to a node in {@code goneNodes}, those being
     * deleted without a node, and the oldest terminated ones (evicted first, then by
     * creationTimestamp) while more than {@code threshold} terminated pods exist (a threshold of 0 or
     * less disables that part, as upstream).
     */
    public static List<Deletion> plan(List<Pod> pods, Set<String> goneNodes, int threshold) {
        List<Deletion> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Pod p : pods) {
            String node = nodeOf(p);
            if (!node.isEmpty() && goneNodes.contains(node) && taken.add(key(p))) out.add(new Deletion(p, Reason.ORPHANED));
        }
        for (Pod p : pods) {
            if (p.getMetadata().getDeletionTimestamp() != null && nodeOf(p).isEmpty() && taken.add(key(p))) {
                out.add(new Deletion(p, Reason.UNSCHEDULED_TERMINATING));
            }
        }
        if (threshold > 0) {
            List<Pod> terminated = pods.stream().filter(PodCollection::terminated).sorted(EVICTED_THEN_OLDEST).toList();
            int excess = terminated.size() - threshold;
            for (int i = 0; i < terminated.size() && excess > 0; i++) {
                Pod p = terminated.get(i);
                excess--;
                if (taken.add(key(p))) out.add(new Deletion(p, Reason.TERMINATED_OVER_THRESHOLD));
            }
        }
        return out;
    }

    /**
     * Node quarantine: a node pods are bound to but the cache does not show is only suspected gone.
     * Returns when each missing node was first seen missing (kept from {@code since}, now for newly
     * missing ones); nodes no longer missing drop out.
     */
    public static Map<String, Instant> quarantine(Map<String, Instant> since, Set<String> missingNow, Instant now) {
        Map<String, Instant> next = new HashMap<>();
        for (String node : missingNow) next.put(node, since.getOrDefault(node, now));
        return next;
    }

    /** The quarantined nodes missing for at least {@code quarantine}: due for a live check. */
    public static Set<String> due(Map<String, Instant> since, Instant now, Duration quarantine) {
        Set<String> out = new LinkedHashSet<>();
        since.forEach((node, at) -> {
            if (!now.isBefore(at.plus(quarantine))) out.add(node);
        });
        return out;
    }

    /** The nodes pods are bound to that {@code existing} does not contain. */
    public static Set<String> missingNodes(List<Pod> pods, Set<String> existing) {
        Set<String> out = new LinkedHashSet<>();
        for (Pod p : pods) {
            String node = nodeOf(p);
            if (!node.isEmpty() && !existing.contains(node)) out.add(node);
        }
        return out;
    }

    public static boolean terminated(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static final Comparator<Pod> EVICTED_THEN_OLDEST = Comparator
            .comparing((Pod p) -> !(p.getStatus() != null && "Evicted".equals(p.getStatus().getReason())))
            .thenComparing(p -> p.getMetadata().getCreationTimestamp() == null ? "" : p.getMetadata().getCreationTimestamp())
            .thenComparing(PodCollection::key);

    private static String nodeOf(Pod p) {
        return p.getSpec() == null || p.getSpec().getNodeName() == null ? "" : p.getSpec().getNodeName();
    }

    private static String key(Pod p) {
        return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    }
}
