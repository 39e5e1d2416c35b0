package dev.beluga.kubelet.logs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The query of {@code GET /containerLogs/...} (v1.PodLogOptions as URL parameters: follow, previous,
 * tailLines (or the older tail), sinceSeconds, sinceTime, timestamps, limitBytes), validated as
 * upstream's ValidatePodLogOptions.
 */
public final class LogQuery {
    /** The parsed query, or why it is not acceptable (upstream's kubelet answers 400 or 422). */
    public sealed interface Parsed {}

    public record Valid(LogOptions options, boolean previous) implements Parsed {}

    public record Invalid(int code, String message) implements Parsed {}

    private LogQuery() {}

    public static Parsed parse(Map<String, String> query, Instant now) {
        try {
            boolean follow = bool(query, "follow");
            boolean previous = bool(query, "previous");
            boolean timestamps = bool(query, "timestamps");
            String tail = query.getOrDefault("tailLines", "");
            // The older "tail" parameter; "all" means no tail.
            if (tail.isEmpty() && query.containsKey("tail") && !"all".equals(query.get("tail"))) tail = query.get("tail");
            OptionalLong tailLines = number(tail);
            OptionalLong sinceSeconds = number(query.getOrDefault("sinceSeconds", ""));
            OptionalLong limitBytes = number(query.getOrDefault("limitBytes", ""));
            String sinceTimeText = query.getOrDefault("sinceTime", "");
            Optional<Instant> sinceTime = sinceTimeText.isEmpty() ? Optional.empty() : Optional.of(OffsetDateTime.parse(sinceTimeText).toInstant());
            if (tailLines.isPresent() && tailLines.getAsLong() < 0) return new Invalid(422, "tailLines: Invalid value: must be greater than or equal to 0");
            if (limitBytes.isPresent() && limitBytes.getAsLong() < 1) return new Invalid(422, "limitBytes: Invalid value: must be greater than 0");
            if (sinceSeconds.isPresent() && sinceSeconds.getAsLong() < 1) return new Invalid(422, "sinceSeconds: Invalid value: must be greater than 0");
            if (sinceSeconds.isPresent() && sinceTime.isPresent()) {
                return new Invalid(422, "sinceTime: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified");
            }
            // Upstream's NewLogOptions: the later of the two bounds.
            Optional<Instant> since = sinceSeconds.isPresent() ? Optional.of(now.minusSeconds(sinceSeconds.getAsLong())) : sinceTime;
            return new Valid(new LogOptions(follow, tailLines, since, timestamps, limitBytes), previous);
        } catch (NumberFormatException | DateTimeParseException e) {
            return new Invalid(400, "Unable to decode query: " + e.getMessage());
        }
    }

    private static boolean bool(Map<String, String> query, String name) {
        String v = query.get(name);
        if (v == null) return false;
        return switch (v) {
            case "", "true", "1", "True", "TRUE" -> true;
            case "false", "0", "False", "FALSE" -> false;
            default -> throw new NumberFormatException(name + "=" + v + " is not a boolean");
        };
    }

    private static OptionalLong number(String v) {
        return v.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v));
    }
}
