package dev.beluga.kubelet.pod;

import java.time.Duration;

/** Durations printed as Go's time.Duration.String() prints whole seconds ("10s", "1m20s", "5m0s", "1h0m0s"), as upstream messages show them. */
public final class GoDuration {
    private GoDuration() {}

    public static String format(Duration d) {
        long total = d.toSeconds();
        if (total == 0 && d.toMillis() > 0) return d.toMillis() + "ms";
        long h = total / 3600, m = (total % 3600) / 60, s = total % 60;
        if (h > 0) return h + "h" + m + "m" + s + "s";
        if (m > 0) return m + "m" + s + "s";
        return s + "s";
    }
}
