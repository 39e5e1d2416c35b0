package dev.beluga.client.queue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's default controller rate limiter: per item, base × 2^failures capped at max; overall, a
 * token bucket (10/s, burst 100) so a storm of failures cannot hammer the API. The larger delay wins.
 */
public final class ItemBackoff<K> {
    private final Duration base;
    private final Duration max;
    private final double ratePerSecond;
    private final int burst;
    private final Map<K, Integer> failures = new ConcurrentHashMap<>();
    private double tokens;
    private long lastRefillNanos = System.nanoTime();
    private long reservedUntilNanos;

    public ItemBackoff(Duration base, Duration max, double ratePerSecond, int burst) {
        this.base = base;
        this.max = max;
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.tokens = burst;
    }

    public static <K> ItemBackoff<K> controllerDefault() {
        return new ItemBackoff<>(Duration.ofMillis(5), Duration.ofSeconds(1000), 10, 100);
    }

    /** The delay before the item's next try, counting this failure. */
    public Duration when(K item) {
        int n = failures.merge(item, 1, Integer::sum) - 1;
        long nanos = n >= 40 ? max.toNanos() : Math.min(max.toNanos(), base.toNanos() << Math.min(n, 40));
        if (nanos < 0) nanos = max.toNanos();
        return Duration.ofNanos(Math.max(nanos, bucketDelayNanos()));
    }

    public int failures(K item) {
        return failures.getOrDefault(item, 0);
    }

    public void forget(K item) {
        failures.remove(item);
    }

    private synchronized long bucketDelayNanos() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastRefillNanos) / 1e9 * ratePerSecond);
        lastRefillNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        long wait = (long) ((1 - tokens) / ratePerSecond * 1e9);
        reservedUntilNanos = Math.max(reservedUntilNanos, now) + wait;
        tokens = 0;
        return reservedUntilNanos - now;
    }
}
