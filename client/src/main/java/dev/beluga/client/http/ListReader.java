package dev.beluga.client.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import dev.beluga.client.ObjectList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a list answer ({@code {"kind":"PodList","metadata":{...},"items":[...]}}) in one pass:
 * items go straight from the parser into the model class, no intermediate tree of the whole list.
 */
final class ListReader {
    private ListReader() {}

    static <T> ObjectList<T> read(byte[] body, Class<T> type) throws IOException {
        List<T> items = new ArrayList<>();
        String resourceVersion = "";
        String continueToken = "";
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("a list answer is a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "metadata" -> {
                        JsonNode meta = Json.MAPPER.readTree(p);
                        if (meta != null) {
                            resourceVersion = meta.path("resourceVersion").asText("");
                            continueToken = meta.path("continue").asText("");
                        }
                    }
                    case "items" -> {
                        if (value == JsonToken.START_ARRAY) {
                            while (p.nextToken() != JsonToken.END_ARRAY) items.add(Json.MAPPER.readValue(p, type));
                        } else if (value != JsonToken.VALUE_NULL) {
                            throw new IOException("a list's items are a JSON array");
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return new ObjectList<>(items, resourceVersion, continueToken);
    }
}
