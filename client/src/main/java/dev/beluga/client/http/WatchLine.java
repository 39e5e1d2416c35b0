package dev.beluga.client.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import dev.beluga.client.WatchHandler;
import io.fabric8.kubernetes.api.model.Status;
import java.io.IOException;

/** One event of a watch stream, {@code {"type":..., "object":...}}, as what the handler is told. */
sealed interface WatchLine<T> {
    record Change<T>(WatchHandler.EventType type, T object) implements WatchLine<T> {}

    record Bookmark<T>(String resourceVersion) implements WatchLine<T> {}

    /** An ERROR event: the watch ends with this Status. */
    record Failure<T>(Status status) implements WatchLine<T> {}

    /** A type this client does not know; skipped. */
    record Unrecognized<T>(String type) implements WatchLine<T> {}

    /**
     * Reads the event whose START_OBJECT is the parser's current token. The object is decoded straight
     * from the parser when "type" comes first (as every server writes it); otherwise through a tree.
     */
    static <T> WatchLine<T> read(JsonParser p, Class<T> objectType) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) throw new IOException("a watch event is a JSON object, got " + p.currentToken());
        String type = null;
        WatchLine<T> decoded = null;
        JsonNode pending = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "type" -> type = p.getValueAsString();
                case "object" -> {
                    if (type != null) decoded = decode(type, p, objectType);
                    else pending = Json.MAPPER.readTree(p);
                }
                default -> p.skipChildren();
            }
        }
        if (type == null) throw new IOException("a watch event without a type");
        if (decoded != null) return decoded;
        if (pending == null) throw new IOException("a " + type + " watch event without an object");
        try (JsonParser tree = Json.MAPPER.treeAsTokens(pending)) {
            tree.nextToken();
            return decode(type, tree, objectType);
        }
    }

    private static <T> WatchLine<T> decode(String type, JsonParser p, Class<T> objectType) throws IOException {
        return switch (type) {
            case "ADDED" -> new Change<>(WatchHandler.EventType.ADDED, Json.MAPPER.readValue(p, objectType));
            case "MODIFIED" -> new Change<>(WatchHandler.EventType.MODIFIED, Json.MAPPER.readValue(p, objectType));
            case "DELETED" -> new Change<>(WatchHandler.EventType.DELETED, Json.MAPPER.readValue(p, objectType));
            case "BOOKMARK" -> {
                JsonNode object = Json.MAPPER.readTree(p);
                yield new Bookmark<>(object == null ? "" : object.path("metadata").path("resourceVersion").asText(""));
            }
            case "ERROR" -> new Failure<>(Json.MAPPER.readValue(p, Status.class));
            default -> {
                p.skipChildren();
                yield new Unrecognized<>(type);
            }
        };
    }
}
