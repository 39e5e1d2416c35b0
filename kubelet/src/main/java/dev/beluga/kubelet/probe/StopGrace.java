package dev.beluga.kubelet.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.util.Optional;

/** Upstream's grace period accounting for stopping one container (setTerminationGracePeriod and killContainer), as pure functions. */
public final class StopGrace {
    /** Upstream's minimumGracePeriodInSeconds: a container always gets this long between SIGTERM and SIGKILL. */
    public static final Duration MINIMUM = Duration.ofSeconds(2);

    private StopGrace() {}

    /**
     * The grace a container killed for {@code killedBy} starts with: the deletion's when the pod is
     * being deleted, else the failing probe's terminationGracePeriodSeconds when it has one, else the
     * pod's terminationGracePeriodSeconds (default 30).
     */
    public static Duration initial(Pod pod, Optional<Container> container, Optional<ProbeType> killedBy) {
        Long deletion = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (deletion != null) return Duration.ofSeconds(Math.max(0, deletion));
        if (container.isPresent() && killedBy.isPresent() && killedBy.get() != ProbeType.READINESS) {
            Optional<Probe> probe = killedBy.get().of(container.get());
            if (probe.isPresent() && probe.get().getTerminationGracePeriodSeconds() != null) {
                return Duration.ofSeconds(Math.max(0, probe.get().getTerminationGracePeriodSeconds()));
            }
        }
        Long spec = pod.getSpec() == null ? null : pod.getSpec().getTerminationGracePeriodSeconds();
        return Duration.ofSeconds(spec == null ? 30 : Math.max(0, spec));
    }

    /** What is left for StopContainer once the preStop hook took {@code hookTook} (whole seconds count), never under the minimum. */
    public static Duration afterPreStop(Duration grace, Duration hookTook) {
        Duration left = grace.minusSeconds(hookTook.toSeconds());
        return left.compareTo(MINIMUM) < 0 ? MINIMUM : left;
    }
}
