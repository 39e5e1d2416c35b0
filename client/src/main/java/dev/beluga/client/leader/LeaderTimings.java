package dev.beluga.client.leader;

import java.time.Duration;

/**
 * Upstream's leader-election timings: a lease lasts {@code leaseDuration}; the holder must renew within
 * {@code renewDeadline} or step down; everyone retries every {@code retryPeriod}.
 */
public record LeaderTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    public static final LeaderTimings DEFAULT = new LeaderTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

    public LeaderTimings {
        if (renewDeadline.compareTo(leaseDuration) >= 0) throw new IllegalArgumentException("renewDeadline must be shorter than leaseDuration");
        if (retryPeriod.compareTo(renewDeadline) >= 0) throw new IllegalArgumentException("retryPeriod must be shorter than renewDeadline");
    }
}
