package dev.beluga.server;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations the way Kubernetes flags write them ("5m", "90s", "1h30m", "500ms"), or ISO-8601
 * ("PT5M"). Must be positive.
 */
class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String text) {
        Duration duration = parse(text.strip());
        if (duration.isZero() || duration.isNegative()) {
            throw new TypeConversionException("'" + text + "' is not a positive duration");
        }
        return duration;
    }

    /** The same forms, zero allowed (a latency or a delay that may be none). */
    static final class OrZero extends DurationConverter {
        @Override
        public Duration convert(String text) {
            Duration duration = parse(text.strip());
            if (duration.isNegative()) throw new TypeConversionException("'" + text + "' is negative");
            return duration;
        }
    }

    static Duration parse(String text) {
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                return Duration.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                throw invalid(text);
            }
        }
        Matcher matcher = PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            try {
                long amount = Long.parseLong(matcher.group(1));
                total = total.plus(switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                });
            } catch (ArithmeticException | NumberFormatException tooLarge) {
                throw invalid(text);
            }
            end = matcher.end();
        }
        if (end == 0 || end != text.length()) {
            throw invalid(text);
        }
        return total;
    }

    private static TypeConversionException invalid(String text) {
        return new TypeConversionException("'" + text + "' is not a duration (examples: 30s, 5m, 1h30m, PT5M)");
    }
}
