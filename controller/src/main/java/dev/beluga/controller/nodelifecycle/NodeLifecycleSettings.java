package dev.beluga.controller.nodelifecycle;

import java.time.Duration;

/**
 * The node lifecycle controller's knobs, with kube-controller-manager's flag names and defaults.
 *
 * @param monitorGracePeriod     {@code --node-monitor-grace-period}: how long a node may go without a
 *                               heartbeat (Lease renewal or Ready heartbeat) before it is Unknown (40 s)
 * @param startupGracePeriod     {@code --node-startup-grace-period}: the same for a node that never
 *                               posted a Ready condition (1 min)
 * @param monitorPeriod          {@code --node-monitor-period}: how often health is checked (5 s)
 * @param evictionRate           {@code --node-eviction-rate}: nodes per second that may get a
 *                               NoExecute taint in a healthy zone (0.1)
 * @param secondaryEvictionRate  {@code --secondary-node-eviction-rate}: the same in a partially
 *                               disrupted zone of a large cluster (0.01)
 * @param largeClusterThreshold  {@code --large-cluster-size-threshold}: zones with more nodes than this
 *                               keep tainting (slowly) when partially disrupted; smaller ones stop (50)
 * @param unhealthyZoneThreshold {@code --unhealthy-zone-threshold}: share of not-Ready nodes (at least
 *                               3) that makes a zone partially disrupted (0.55)
 */
public record NodeLifecycleSettings(Duration monitorGracePeriod, Duration startupGracePeriod, Duration monitorPeriod,
                                    double evictionRate, double secondaryEvictionRate, int largeClusterThreshold,
                                    double unhealthyZoneThreshold) {
    public static final NodeLifecycleSettings DEFAULTS = new NodeLifecycleSettings(Duration.ofSeconds(40), Duration.ofMinutes(1),
            Duration.ofSeconds(5), 0.1, 0.01, 50, 0.55);

    public NodeLifecycleSettings {
        if (monitorPeriod.isZero() || monitorPeriod.isNegative()) throw new IllegalArgumentException("the monitor period must be positive");
        if (evictionRate < 0 || secondaryEvictionRate < 0) throw new IllegalArgumentException("eviction rates must not be negative");
    }

    /** The defaults with another grace period (and a monitor period small enough to notice it in time). */
    public static NodeLifecycleSettings withGracePeriod(Duration grace) {
        Duration period = grace.dividedBy(8).compareTo(DEFAULTS.monitorPeriod()) < 0 ? grace.dividedBy(8) : DEFAULTS.monitorPeriod();
        if (period.isZero()) period = Duration.ofMillis(10);
        return new NodeLifecycleSettings(grace, DEFAULTS.startupGracePeriod().compareTo(grace) < 0 ? grace : DEFAULTS.startupGracePeriod(),
                period, DEFAULTS.evictionRate(), DEFAULTS.secondaryEvictionRate(), DEFAULTS.largeClusterThreshold(), DEFAULTS.unhealthyZoneThreshold());
    }
}
