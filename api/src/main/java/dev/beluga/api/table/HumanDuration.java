package dev.beluga.api.table;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Upstream's HumanDuration (apimachinery util/duration): the AGE text kubectl shows, precise for
 * young objects and coarser with age ({@code 45s}, {@code 3m2s}, {@code 25m}, {@code 5h10m},
 * {@code 2d3h}, {@code 90d}, {@code 2y30d}).
 */
public final class HumanDuration {
    private HumanDuration() {}

    public static String format(Duration d) {
        // Truncated toward zero, as Go's int(d.Seconds()).
        long seconds = d.isNegative() ? -d.negated().getSeconds() : d.getSeconds();
        // A clock up to two seconds behind still reads as "now".
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 60 * 2) return seconds + "s";
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 60 * 3) return minutes + "m";
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) return hours + "h";
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) return hours / 24 + "d";
        if (hours < 24 * 365 * 8) {
            long dy = (hours / 24) % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }

    /** Upstream's translateTimestampSince: the age of a timestamp, {@code <unknown>} when there is none. */
    public static String since(Optional<Instant> timestamp, Instant now) {
        return timestamp.map(t -> format(Duration.between(t, now))).orElse("<unknown>");
    }
}
