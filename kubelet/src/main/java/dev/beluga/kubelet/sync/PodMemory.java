package dev.beluga.kubelet.sync;

import dev.beluga.kubelet.pod.RestartBackOff;
import dev.beluga.kubelet.pod.WaitingReason;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the kubelet remembers of one pod between syncs, lost when it restarts as upstream's is:
 * the crash-loop back-off, why containers wait (upstream's reasonCache), the status it last wrote
 * (upstream's status manager cache), whether it already confirmed the pod's deletion and whether it
 * evicted the pod.
 * Touched only by the pod's worker, one sync at a time.
 */
final class PodMemory {
    RestartBackOff backOff;
    final Map<String, WaitingReason> waiting = new HashMap<>();
    /** Volatile: the kubelet's server reads it (for logs) from other threads. */
    volatile Optional<PodStatus> lastWritten = Optional.empty();
    boolean deletionConfirmed;
    /** Why the eviction manager evicted the pod (the status message); set from its thread, so volatile. */
    volatile Optional<String> eviction = Optional.empty();
    /** The Evicted event is recorded (once per eviction). */
    boolean evictionRecorded;

    PodMemory(RestartBackOff backOff) {
        this.backOff = backOff;
    }
}
