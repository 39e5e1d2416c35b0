package dev.beluga.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.errors.StatusException;
import dev.beluga.api.patch.JsonMergePatch;
import dev.beluga.api.patch.JsonPatch;
import dev.beluga.api.patch.StrategicMergePatch;
import dev.beluga.api.resources.ResourceType;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A PATCH body turned into a function of the current object, by its media type. Shared by the HTTP
 * verb and the in-process client so both accept and refuse the same patches.
 */
public final class PatchDocument {
    private PatchDocument() {}

    /** {@code mediaType} may carry parameters ("; charset=utf-8"); the body is parsed once, here. */
    public static UnaryOperator<JsonNode> parse(String mediaType, byte[] body, ResourceType type) {
        String ct = mediaType.toLowerCase(Locale.ROOT);
        String base = ct.contains(";") ? ct.substring(0, ct.indexOf(';')).trim() : ct.trim();
        return switch (base) {
            case "application/merge-patch+json" -> {
                JsonNode patch = ObjectCodec.readTree(body, false);
                yield current -> JsonMergePatch.apply(current, patch);
            }
            case "application/strategic-merge-patch+json" -> {
                JsonNode patch = ObjectCodec.readTree(body, false);
                yield current -> StrategicMergePatch.apply(current, patch, type.type());
            }
            case "application/json-patch+json" -> {
                JsonNode patch = ObjectCodec.readTree(body, false);
                yield current -> JsonPatch.apply(current, patch);
            }
            case "application/apply-patch+yaml", "application/apply-patch+cbor" -> throw StatusException.of(415, "UnsupportedMediaType",
                    "server-side apply is not supported by this server; use client-side `kubectl apply` (without --server-side)", null);
            default -> throw StatusException.of(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
                    + "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json", null);
        };
    }
}
