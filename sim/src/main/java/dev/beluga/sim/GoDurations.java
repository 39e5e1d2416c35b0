package dev.beluga.sim;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Go duration strings as annotations carry them: "5s", "1m30s", "250ms", "1.5s", "2h". */
final class GoDurations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDurations() {}

    static Duration parse(String text) {
        String t = text.trim();
        if (t.equals("0")) return Duration.ZERO;
        Matcher m = PART.matcher(t);
        int at = 0;
        double nanos = 0;
        while (m.find()) {
            if (m.start() != at) throw new IllegalArgumentException("invalid duration \"" + text + "\"");
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            at = m.end();
        }
        if (at == 0 || at != t.length()) throw new IllegalArgumentException("invalid duration \"" + text + "\"");
        return Duration.ofNanos((long) nanos);
    }
}
