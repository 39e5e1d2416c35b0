package dev.beluga.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;

/**
 * A decoded JSON value printed as Go's {@code %v} prints map[string]interface{} values (sorted keys,
 * {@code map[k:v]}, {@code [a b]}, {@code <nil>}); upstream's patch error messages embed them.
 */
final class GoFormat {
    private GoFormat() {}

    static String of(JsonNode node) {
        if (node == null || node.isNull()) return "<nil>";
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            Collections.sort(keys);
            StringJoiner j = new StringJoiner(" ", "map[", "]");
            for (String k : keys) j.add(k + ":" + of(node.get(k)));
            return j.toString();
        }
        if (node.isArray()) {
            StringJoiner j = new StringJoiner(" ", "[", "]");
            for (JsonNode item : node) j.add(of(item));
            return j.toString();
        }
        return node.asText();
    }
}
