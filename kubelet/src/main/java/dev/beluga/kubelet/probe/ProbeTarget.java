package dev.beluga.kubelet.probe;

import java.time.Instant;
import java.util.Optional;

/**
 * What a probe worker sees of its pod and container in the status the kubelet last generated.
 *
 * @param containerId the status' containerID ("containerd://..."), empty before the container exists
 * @param startedAt   state.running.startedAt when running
 * @param started     the status' started flag (the startup probe passed, or there is none)
 * @param podTerminal the pod's phase is Succeeded or Failed
 * @param podDeleting the pod has a deletionTimestamp
 */
public record ProbeTarget(Optional<String> containerId, boolean running, Optional<Instant> startedAt, boolean terminated, boolean started,
                          boolean podTerminal, boolean podDeleting, boolean restartNever) {}
