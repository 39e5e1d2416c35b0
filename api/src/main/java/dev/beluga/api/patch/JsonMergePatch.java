package dev.beluga.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * RFC 7386 JSON merge patch ({@code application/merge-patch+json}): objects merge member by member,
 * {@code null} removes a member, anything else (arrays included) replaces.
 */
public final class JsonMergePatch {
    /** Upstream's ErrBadJSONPatch text, answered (400) for a patch that is a bare scalar. */
    static final String BAD_PATCH = "Invalid JSON Patch";

    private JsonMergePatch() {}

    /** The patched document; neither argument is modified. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (patch.isArray()) return patch.deepCopy();
        if (!patch.isObject()) throw PatchRejections.malformed(BAD_PATCH);
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
        mergeInto(result, (ObjectNode) patch);
        return result;
    }

    private static void mergeInto(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                target.remove(e.getKey());
            } else if (value.isObject()) {
                JsonNode existing = target.get(e.getKey());
                ObjectNode child = existing != null && existing.isObject() ? (ObjectNode) existing : target.putObject(e.getKey());
                mergeInto(child, (ObjectNode) value);
            } else {
                target.set(e.getKey(), value.deepCopy());
            }
        }
    }
}
