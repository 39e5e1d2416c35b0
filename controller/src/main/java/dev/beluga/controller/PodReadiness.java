package dev.beluga.controller;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Upstream's pod predicates the workload controllers count by (podutil.IsPodReady, IsPodAvailable, controller.IsPodActive). */
public final class PodReadiness {
    private PodReadiness() {}

    public static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    /** Neither terminated (Succeeded/Failed) nor on its way out (deletionTimestamp). */
    public static boolean isActive(Pod pod) {
        String phase = phase(pod);
        return !"Succeeded".equals(phase) && !"Failed".equals(phase) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    public static Optional<PodCondition> readyCondition(Pod pod) {
        List<PodCondition> conditions = pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? List.of() : pod.getStatus().getConditions();
        for (PodCondition c : conditions) {
            if ("Ready".equals(c.getType())) return Optional.of(c);
        }
        return Optional.empty();
    }

    public static boolean isReady(Pod pod) {
        return readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** When the pod last became Ready; empty when not Ready or the time is unknown. */
    public static Optional<Instant> readySince(Pod pod) {
        if (!isReady(pod)) return Optional.empty();
        return readyCondition(pod).flatMap(c -> Times.parse(c.getLastTransitionTime()));
    }

    /**
     * IsPodAvailable: Ready, and with minReadySeconds Ready since strictly more than that long ago.
     * A Ready condition without a transition time is not available then.
     */
    public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) return false;
        if (minReadySeconds <= 0) return true;
        return readySince(pod).map(t -> t.plusSeconds(minReadySeconds).isBefore(now)).orElse(false);
    }

    /** How long until a Ready pod becomes available; empty when it is not Ready or already available. */
    public static Optional<Duration> untilAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (minReadySeconds <= 0 || isAvailable(pod, minReadySeconds, now)) return Optional.empty();
        return readySince(pod).map(t -> Duration.between(now, t.plusSeconds(minReadySeconds)));
    }

    /** The highest restart count among the pod's containers. */
    public static int maxRestarts(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) return 0;
        int max = 0;
        for (var s : pod.getStatus().getContainerStatuses()) {
            if (s.getRestartCount() != null) max = Math.max(max, s.getRestartCount());
        }
        return max;
    }
}
