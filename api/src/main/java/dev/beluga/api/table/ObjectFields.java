package dev.beluga.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reading printer inputs from object trees with Go's zero values for what is absent. */
final class ObjectFields {
    private ObjectFields() {}

    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) n = n.path(p);
        return n;
    }

    static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isValueNode() ? n.asText() : "";
    }

    static long number(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isNumber() ? n.asLong() : 0;
    }

    /** A Time or MicroTime value; empty when absent or unreadable (Go's zero time). */
    static Optional<Instant> time(JsonNode node, String... path) {
        String s = text(node, path);
        if (s.isEmpty()) return Optional.empty();
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static Optional<Instant> creation(JsonNode object) {
        return time(object, "metadata", "creationTimestamp");
    }

    static String name(JsonNode object) {
        return text(object, "metadata", "name");
    }
}
