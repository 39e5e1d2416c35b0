package dev.beluga.controller.podgc;

import java.time.Duration;

/**
 * Pod GC's knobs, with upstream's defaults.
 *
 * @param terminatedPodThreshold {@code --terminated-pod-gc-threshold}: terminated pods (Succeeded,
 *                               Failed) kept before the oldest are deleted; 0 or less keeps all
 * @param quarantine             how long a node must stay missing before its pods are deleted (upstream: 40 s)
 * @param period                 how often the collector looks (upstream: 20 s)
 */
public record PodGcSettings(int terminatedPodThreshold, Duration quarantine, Duration period) {
    public static final PodGcSettings DEFAULTS = new PodGcSettings(12_500, Duration.ofSeconds(40), Duration.ofSeconds(20));

    public PodGcSettings {
        if (quarantine.isNegative()) throw new IllegalArgumentException("quarantine must not be negative");
        if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("period must be positive");
    }
}
