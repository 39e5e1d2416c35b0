package dev.beluga.kubelet.pod;

import dev.beluga.kubelet.probe.ProbeSnapshot;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one sync of a pod must do to the runtime (upstream's podActions), computed by
 * {@link #compute} from the desired pod and what the kubelet observes, without I/O. Applied in this
 * order: kill the pod (everything) or the listed containers; create the sandbox; start the init
 * containers in order; start the ephemeral and regular containers.
 *
 * @param killPod          stop every container and sandbox of the pod
 * @param createSandbox    create a sandbox (attempt {@code attempt}) after killing the pod
 * @param sandboxId        the sandbox the pod's containers run in, "" when there is none yet
 * @param backingOff       containers that should restart but must wait out their crash-loop back-off
 * @param backOff          the back-off state after this sync's restarts
 */
public record PodActions(boolean killPod, boolean createSandbox, String sandboxId, int attempt,
                         List<Kill> containersToKill, List<Start> initContainersToStart, List<Start> ephemeralContainersToStart,
                         List<Start> containersToStart, List<BackingOff> backingOff, RestartBackOff backOff) {

    /** Why a running container is stopped. */
    public enum KillReason { UNKNOWN_STATE, SPEC_CHANGED, STARTUP_PROBE, LIVENESS_PROBE }

    /** Stop one container instance; {@code message} goes into the Killing event. */
    public record Kill(ContainerId containerId, String name, String message, KillReason reason) {}

    /** Start (a new instance of) the named container with this restart count. */
    public record Start(String name, ContainerKind kind, int restartCount) {}

    /**
     * A restart that waits: until {@code retryAt}. {@code message} is upstream's
     * "back-off 10s restarting failed container=x pod=y_ns(uid)", the CrashLoopBackOff waiting message.
     */
    public record BackingOff(String name, ContainerKind kind, Duration delay, Instant retryAt, String message) {}

    public PodActions {
        containersToKill = List.copyOf(containersToKill);
        initContainersToStart = List.copyOf(initContainersToStart);
        ephemeralContainersToStart = List.copyOf(ephemeralContainersToStart);
        containersToStart = List.copyOf(containersToStart);
        backingOff = List.copyOf(backingOff);
    }

    /**
     * Upstream's computePodActions (with native sidecars) followed by its crash-loop back-off check
     * for every container about to restart. A pod being deleted gets only {@code killPod}.
     */
    public static PodActions compute(Pod desired, PodRuntimeState observed, Instant now) {
        return compute(desired, observed, ProbeSnapshot.none(), now);
    }

    /** As {@link #compute(Pod, PodRuntimeState, Instant)}, with probe results: a failed liveness or startup probe kills the container. */
    public static PodActions compute(Pod desired, PodRuntimeState observed, ProbeSnapshot probes, Instant now) {
        return ActionPlanner.plan(desired, observed, probes, now);
    }

    /** True when the runtime already matches the pod (apart from containers waiting out a back-off). */
    public boolean nothingToDo() {
        return !killPod && !createSandbox && containersToKill.isEmpty() && initContainersToStart.isEmpty()
                && ephemeralContainersToStart.isEmpty() && containersToStart.isEmpty();
    }

    /** When the earliest back-off ends, so the pod is synced again then. */
    public Optional<Instant> nextRetry() {
        return backingOff.stream().map(BackingOff::retryAt).min(Instant::compareTo);
    }
}
