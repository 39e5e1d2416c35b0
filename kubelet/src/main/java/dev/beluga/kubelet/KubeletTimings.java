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
 * @param evictionMonitoringPeriod   check the usage of disk-backed emptyDirs with a sizeLimit (upstream's eviction
 *                                   manager housekeeping, 10 s); zero or negative: never
 */
public record KubeletTimings(Duration leaseRenewInterval, int leaseDurationSeconds, Duration nodeStatusUpdateFrequency,
                             Duration nodeStatusReportFrequency, Duration syncFrequency, Duration relistPeriod, Duration evictionMonitoringPeriod) {
    /** Upstream's eviction monitoring period. */
    public static final Duration EVICTION_MONITORING_PERIOD = Duration.ofSeconds(10);

    /** With upstream's eviction monitoring period. */
    public KubeletTimings(Duration leaseRenewInterval, int leaseDurationSeconds, Duration nodeStatusUpdateFrequency,
                          Duration nodeStatusReportFrequency, Duration syncFrequency, Duration relistPeriod) {
        this(leaseRenewInterval, leaseDurationSeconds, nodeStatusUpdateFrequency, nodeStatusReportFrequency, syncFrequency, relistPeriod,
                EVICTION_MONITORING_PERIOD);
    }

    public KubeletTimings withEvictionMonitoringPeriod(Duration period) {
        return new KubeletTimings(leaseRenewInterval, leaseDurationSeconds, nodeStatusUpdateFrequency, nodeStatusReportFrequency, syncFrequency,
                relistPeriod, period);
    }

    /**
     * Upstream's defaults, except the status report frequency: 1 minute instead of 5 (the Lease is
     * the heartbeat either way; the more frequent report keeps `kubectl describe node` fresher).
     */
    public static KubeletTimings upstream() {
        return new KubeletTimings(Duration.ofSeconds(10), 40, Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(1));
    }
}
