package dev.beluga.controller.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** Upstream's pod predicates the StatefulSet controller decides by (stateful_set_utils.go, podutil). */
final class PodHealth {
    private PodHealth() {}

    static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean isFailed(Pod pod) {
        return "Failed".equals(phase(pod));
    }

    static boolean isSucceeded(Pod pod) {
        return "Succeeded".equals(phase(pod));
    }

    /** The Ready condition, when the pod reports one. */
    static Optional<PodCondition> readyCondition(Pod pod) {
        List<PodCondition> conditions = pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? List.of() : pod.getStatus().getConditions();
        return conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }

    static boolean isReady(Pod pod) {
        return readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    static boolean isRunningAndReady(Pod pod) {
        return "Running".equals(phase(pod)) && isReady(pod);
    }

    /**
     * podutil.IsPodAvailable: Ready, and (with minReadySeconds) Ready since strictly more than
     * minReadySeconds ago. A Ready condition without a transition time is never available then.
     */
    static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) return false;
        if (minReadySeconds == 0) return true;
        return readySince(pod).map(t -> t.plusSeconds(minReadySeconds).isBefore(now)).orElse(false);
    }

    /** Upstream's isUnavailable: not available, or on its way out. */
    static boolean isUnavailable(Pod pod, int minReadySeconds, Instant now) {
        return !isAvailable(pod, minReadySeconds, now) || isTerminating(pod);
    }

    /** How long until a Ready pod becomes available; empty when it is not Ready or already available. */
    static Optional<Duration> untilAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (minReadySeconds == 0 || !isReady(pod) || isAvailable(pod, minReadySeconds, now)) return Optional.empty();
        return readySince(pod).map(t -> Duration.between(now, t.plusSeconds(minReadySeconds)));
    }

    static Optional<Instant> readySince(Pod pod) {
        return readyCondition(pod).flatMap(c -> parseTime(c.getLastTransitionTime()));
    }

    static Optional<Instant> parseTime(String text) {
        if (text == null || text.isEmpty()) return Optional.empty();
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
