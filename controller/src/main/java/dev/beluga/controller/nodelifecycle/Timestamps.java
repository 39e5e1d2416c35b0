package dev.beluga.controller.nodelifecycle;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** API timestamps (metav1.Time, metav1.MicroTime) as instants, and instants as metav1.Time text. */
final class Timestamps {
    private Timestamps() {}

    static Optional<Instant> parse(String text) {
        if (text == null || text.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }

    /** RFC 3339 with second precision, as metav1.Time serializes. */
    static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
