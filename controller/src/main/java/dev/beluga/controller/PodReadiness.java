package dev.beluga.controller;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's pod predicates the workload controllers count and decide by (podutil.IsPodReady,
 * IsPodAvailable, controller.IsPodActive, and the StatefulSet controller's stateful_set_utils).
 */
public final class PodReadiness {
    private PodReadiness() {}

    public static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    public static boolean isFailed(Pod pod) {
        return "Failed".equals(phase(pod));
    }

    public static boolean isSucceeded(Pod pod) {
        return "Succeeded".equals(phase(pod));
    }

    /** On its way out: deletion was asked for (deletionTimestamp set). */
    public static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** Neither terminated (Succeeded/Failed) nor on its way out (deletionTimestamp). */
    public static boolean isActive(Pod pod) {
        return !isSucceeded(pod) && !isFailed(pod) && !isTerminating(pod);
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

    /** The StatefulSet controller's isRunningAndReady: phase Running and the Ready condition True. */
    public static boolean isRunningAndReady(Pod pod) {
        return "Running".equals(phase(pod)) && isReady(pod);
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

    /** The StatefulSet controller's isUnavailable: not available, or on its way out. */
    public static boolean isUnavailable(Pod pod, int minReadySeconds, Instant now) {
        return !isAvailable(pod, minReadySeconds, now) || isTerminating(pod);
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
