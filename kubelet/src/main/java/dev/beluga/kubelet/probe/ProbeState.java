package dev.beluga.kubelet.probe;

/**
 * What one probe worker carries from one check to the next (upstream's worker fields).
 *
 * @param containerId the container instance being probed ("" before the first one appears)
 * @param onHold      liveness or startup failed: no more checks until a new instance appears
 * @param lastResult  the verdict of the last check made
 * @param resultRun   how many checks in a row gave {@code lastResult}
 */
public record ProbeState(String containerId, boolean onHold, ProbeResult lastResult, int resultRun) {
    public static ProbeState initial() {
        return new ProbeState("", false, ProbeResult.UNKNOWN, 0);
    }
}
