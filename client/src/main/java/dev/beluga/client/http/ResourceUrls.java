package dev.beluga.client.http;

import dev.beluga.api.resources.ResourceType;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/**
 * Upstream's REST paths: {@code /api/v1} for the core group, {@code /apis/<group>/<version>} for the
 * others, {@code /namespaces/<ns>} for namespaced kinds (omitted to address all namespaces), then the
 * resource, the name and the subresource.
 */
final class ResourceUrls {
    private final String base;

    ResourceUrls(URI server) {
        String s = server.toString();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        this.base = s;
    }

    String collection(ResourceType type, String namespace) {
        StringBuilder path = new StringBuilder(base);
        path.append(type.group().isEmpty() ? "/api/" : "/apis/" + type.group() + "/").append(type.version());
        if (type.namespaced() && !namespace.isEmpty()) path.append("/namespaces/").append(segment(namespace));
        return path.append('/').append(type.resource()).toString();
    }

    String object(ResourceType type, String namespace, String name) {
        return collection(type, namespace) + "/" + segment(name);
    }

    String subresource(ResourceType type, String namespace, String name, String subresource) {
        return object(type, namespace, name) + "/" + subresource;
    }

    /** A path segment, percent-encoded where a path needs it (valid object names need nothing). */
    static String segment(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:@!$&'()*+,;=".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** A query string: parameters with empty values are left out. */
    static final class Query {
        private final StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");

        Query add(String name, String value) {
            if (value != null && !value.isEmpty()) {
                joined.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
            }
            return this;
        }

        Query add(String name, int value) {
            return value == 0 ? this : add(name, Integer.toString(value));
        }

        @Override
        public String toString() {
            return joined.toString();
        }
    }
}
