package dev.beluga.kubelet;

import java.time.Duration;

/**
 * How often the kubelet does its periodic work; upstream's defaults in {@link #upstream()}.
 *
 * @param leaseRenewInterval         renew the node Lease (upstream: a quarter of its duration)
 * @param leaseDurationSeconds       how long the Lease holds without renewal
 * @param nodeStatusUpdateFrequency  recompute the node status (written when it changed)
 * @param nodeStatusReportFrequency  write the node status even when unchanged
 * @param syncFrequency              resync every pod even without events
 * @param relistPeriod               relist the runtime for changes when it cannot stream events
 */
public record KubeletTimings(Duration leaseRenewInterval, int leaseDurationSeconds, Duration nodeStatusUpdateFrequency,
                             Duration nodeStatusReportFrequency, Duration syncFrequency, Duration relistPeriod) {
    /**
     * Upstream's defaults, except the status report frequency: 1 minute instead of 5 (the Lease is
     * the heartbeat either way; the more frequent report keeps `kubectl describe node` fresher).
     */
    public static KubeletTimings upstream() {
        return new KubeletTimings(Duration.ofSeconds(10), 40, Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(1));
    }
}
