package dev.beluga.apiserver.protobuf;

/**
 * A duration in nanoseconds written as Go's time.Duration.String() writes it ("1h2m3.5s", "300ms",
 * "0s"), which is the JSON form of metav1.Duration.
 */
final class GoDurationText {
    private static final long MICROSECOND = 1_000L;
    private static final long MILLISECOND = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private GoDurationText() {}

    static String of(long nanos) {
        if (nanos == 0) return "0s";
        boolean negative = nanos < 0;
        // Long.MIN_VALUE has no positive counterpart; unsigned arithmetic keeps its magnitude, as Go's does.
        long magnitude = negative ? -nanos : nanos;
        StringBuilder text = new StringBuilder();
        if (Long.compareUnsigned(magnitude, SECOND) < 0) {
            if (magnitude < MICROSECOND) {
                text.append(magnitude).append("ns");
            } else if (magnitude < MILLISECOND) {
                text.append(decimal(magnitude, 3)).append("µs");
            } else {
                text.append(decimal(magnitude, 6)).append("ms");
            }
        } else {
            long seconds = Long.divideUnsigned(magnitude, SECOND);
            long fraction = Long.remainderUnsigned(magnitude, SECOND);
            long hours = seconds / 3600;
            long minutes = seconds / 60 % 60;
            if (hours > 0) text.append(hours).append('h');
            if (hours > 0 || minutes > 0) text.append(minutes).append('m');
            text.append(seconds % 60).append(fractionDigits(fraction, 9)).append('s');
        }
        return negative ? "-" + text : text.toString();
    }

    /** value / 10^places, with the fraction's trailing zeros (and a bare point) left out. */
    private static String decimal(long value, int places) {
        long scale = (long) Math.pow(10, places);
        return (value / scale) + fractionDigits(value % scale, places);
    }

    private static String fractionDigits(long fraction, int places) {
        if (fraction == 0) return "";
        String digits = String.format("%0" + places + "d", fraction).replaceFirst("0+$", "");
        return "." + digits;
    }
}
