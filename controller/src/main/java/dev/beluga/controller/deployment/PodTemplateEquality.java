package dev.beluga.controller.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Upstream's EqualIgnoreHash: two pod templates are the same revision when they are equal apart from
 * the pod-template-hash label. Compared as JSON with absent, null and empty values alike, which is the
 * distinction the API can carry (Go's nil and empty maps both vanish on the wire).
 */
public final class PodTemplateEquality {
    private PodTemplateEquality() {}

    public static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
        return normalized(a).equals(normalized(b));
    }

    static JsonNode normalized(PodTemplateSpec template) {
        JsonNode tree = template == null ? Json.MAPPER.createObjectNode() : Json.MAPPER.valueToTree(template);
        if (tree.path("metadata").path("labels") instanceof ObjectNode labels) labels.remove(TemplateHash.LABEL);
        return prune(tree);
    }

    /** Drops nulls and empty objects and arrays, recursively. */
    private static JsonNode prune(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> empty = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : new ArrayList<>(o.properties())) {
                JsonNode v = prune(e.getValue());
                if (isEmpty(v)) empty.add(e.getKey());
                else o.set(e.getKey(), v);
            }
            o.remove(empty);
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) a.set(i, prune(a.get(i)));
        }
        return node;
    }

    private static boolean isEmpty(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() || ((v.isObject() || v.isArray()) && v.isEmpty());
    }
}
