package dev.beluga.kubelet.pod;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The crash-loop back-off of one pod's containers, as upstream's flowcontrol.Backoff keyed per
 * container and spec hash: the first failure restarts at once and arms {@code initial}; each failure
 * within the armed delay waits it out and then doubles it, up to {@code max}; a container that stayed
 * up for twice {@code max} starts over. Immutable: {@link #next} returns the updated value.
 *
 * @param entries by {@link #key}
 */
public record RestartBackOff(Duration initial, Duration max, Map<String, Entry> entries) {
    /** The delay armed for a container, and when it was armed. */
    public record Entry(Duration delay, Instant lastUpdate) {}

    public RestartBackOff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max, got " + initial + " and " + max);
        }
        entries = Map.copyOf(entries);
    }

    /** Upstream's kubelet: 10 s doubling to 5 min. */
    public static RestartBackOff upstream() {
        return of(Duration.ofSeconds(10), Duration.ofMinutes(5));
    }

    public static RestartBackOff of(Duration initial, Duration max) {
        return new RestartBackOff(initial, max, Map.of());
    }

    public static String key(String containerName, String specHash) {
        return containerName + "_" + specHash;
    }

    /** Whether a restart of the container that finished at {@code finishedAt} must still wait at {@code now}. */
    public boolean inBackOffSince(String key, Instant finishedAt, Instant now) {
        Entry e = entries.get(key);
        if (e == null || expired(finishedAt, e)) return false;
        return Duration.between(finishedAt, now).compareTo(e.delay()) < 0;
    }

    /** The delay currently armed for the container (zero when none). */
    public Duration delay(String key) {
        Entry e = entries.get(key);
        return e == null ? Duration.ZERO : e.delay();
    }

    /** Records a restart of the container that finished at {@code finishedAt}, made at {@code now}. */
    public RestartBackOff next(String key, Instant finishedAt, Instant now) {
        Entry e = entries.get(key);
        Duration delay = e == null || expired(finishedAt, e) ? initial : min(e.delay().multipliedBy(2), max);
        Map<String, Entry> updated = new HashMap<>(entries);
        updated.put(key, new Entry(delay, now));
        return new RestartBackOff(initial, max, updated);
    }

    private boolean expired(Instant eventTime, Entry e) {
        return Duration.between(e.lastUpdate(), eventTime).compareTo(max.multipliedBy(2)) > 0;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
