package dev.beluga.kubelet.eviction;

import dev.beluga.kubelet.security.ContainerResources;
import dev.beluga.kubelet.staticpod.StaticPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's eviction manager for emptyDir sizeLimits (localStorageEviction, emptyDirLimitEviction):
 * a pod whose emptyDir holds more than its sizeLimit is evicted, phase Failed with reason Evicted.
 * Only disk-backed emptyDirs are checked: a memory-backed one is a tmpfs of its sizeLimit, which
 * cannot hold more. Pure; the usage comes from a walk of the volumes' directories.
 */
public final class EmptyDirLimits {
    /** The pod status reason and the event reason of an eviction (upstream's eviction.Reason). */
    public static final String REASON = "Evicted";
    /** Upstream's priority of system-critical pods (scheduling.SystemCriticalPriority), which are never evicted. */
    static final int SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

    /** A disk-backed emptyDir with a positive sizeLimit. */
    public record Limit(String volume, Quantity sizeLimit, long bytes) {}

    private EmptyDirLimits() {}

    /** The pod's disk-backed emptyDirs with a sizeLimit, in spec order. */
    public static List<Limit> onDisk(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) return List.of();
        List<Limit> out = new ArrayList<>();
        for (Volume v : pod.getSpec().getVolumes()) {
            if (v.getEmptyDir() == null || v.getEmptyDir().getSizeLimit() == null || "Memory".equals(v.getEmptyDir().getMedium())) continue;
            long bytes = ContainerResources.value(v.getEmptyDir().getSizeLimit());
            if (bytes > 0) out.add(new Limit(v.getName(), v.getEmptyDir().getSizeLimit(), bytes));
        }
        return out;
    }

    /**
     * The eviction message for the first volume (in spec order) whose usage exceeds its limit, as
     * upstream's emptyDirLimitEviction words it; empty when none does or the pod may not be evicted.
     *
     * @param usedBytes by volume name; a volume not measured is not over its limit
     */
    public static Optional<String> exceeded(Pod pod, Map<String, Long> usedBytes) {
        if (critical(pod)) return Optional.empty();
        for (Limit l : onDisk(pod)) {
            Long used = usedBytes.get(l.volume());
            if (used != null && used > l.bytes()) return Optional.of(message(l.volume(), l.sizeLimit()));
        }
        return Optional.empty();
    }

    /** Upstream's emptyDirMessageFmt, trailing space included. */
    static String message(String volume, Quantity limit) {
        return "Usage of EmptyDir volume \"" + volume + "\" exceeds the limit \"" + limit.getAmount() + nullToEmpty(limit.getFormat()) + "\". ";
    }

    /**
     * Upstream's IsCriticalPod: static and mirror pods and system-critical priorities are not evicted
     * (a static pod would not be admitted again).
     */
    static boolean critical(Pod pod) {
        if (StaticPods.isStatic(pod) || StaticPods.isMirror(pod)) return true;
        Integer priority = pod.getSpec() == null ? null : pod.getSpec().getPriority();
        return priority != null && priority >= SYSTEM_CRITICAL_PRIORITY;
    }

    /** The status of an evicted pod: the kubelet's final status with upstream's eviction phase, reason and message. */
    public static PodStatus evicted(PodStatus terminal, String message) {
        return new PodStatusBuilder(terminal).withPhase("Failed").withReason(REASON).withMessage(message).build();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
