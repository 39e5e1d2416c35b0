package dev.beluga.api.admission;

import java.util.Map;
import java.util.TreeMap;

/**
 * A bad value as upstream prints it unquoted (numbers, IntOrString, Go structs and maps); FieldError
 * quotes Strings, so such values travel as this record.
 */
record GoValue(String text) {
    @Override
    public String toString() {
        return text;
    }

    static GoValue of(Object v) {
        return new GoValue(String.valueOf(v));
    }

    /** Go's %#v of a map[string]string, keys sorted as fmt prints them. */
    static GoValue stringMap(Map<String, String> map) {
        return new GoValue(goMap(map));
    }

    static String goMap(Map<String, String> map) {
        // fabric8 cannot tell an absent map from an empty one; absent (nil) is the common case.
        if (map == null || map.isEmpty()) return "map[string]string(nil)";
        StringBuilder sb = new StringBuilder("map[string]string{");
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            if (!first) sb.append(", ");
            first = false;
            sb.append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
        }
        return sb.append('}').toString();
    }
}
