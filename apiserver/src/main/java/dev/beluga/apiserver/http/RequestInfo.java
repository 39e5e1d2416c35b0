package dev.beluga.apiserver.http;

import java.util.Optional;

/**
 * What a resource request addresses, parsed from its path and method as upstream's RequestInfoFactory
 * does: {@code /api/v1/namespaces/default/pods/web/status} → get pods "web" in "default", subresource status.
 */
public record RequestInfo(String verb, String group, String version, String resource, String namespace, String name, String subresource) {

    public boolean hasName() {
        return !name.isEmpty();
    }

    /** Parses a resource path, or empty when the path is not one (discovery, health, unknown). */
    public static Optional<RequestInfo> parse(String method, String path, boolean watchParam) {
        String[] parts = withoutOuterSlashes(path).split("/");
        int i;
        String group;
        String version;
        if (parts.length >= 3 && parts[0].equals("api")) {
            group = "";
            version = parts[1];
            i = 2;
        } else if (parts.length >= 4 && parts[0].equals("apis")) {
            group = parts[1];
            version = parts[2];
            i = 3;
        } else {
            return Optional.empty();
        }
        boolean watch = watchParam;
        if (parts[i].equals("watch")) {
            watch = true;
            i++;
        }
        String namespace = "";
        if (i + 1 < parts.length && parts[i].equals("namespaces")) {
            boolean namespaceSubresource = i + 2 < parts.length && (parts[i + 2].equals("status") || parts[i + 2].equals("finalize"));
            if (i + 2 < parts.length && !namespaceSubresource) {
                namespace = parts[i + 1];
                i += 2;
            }
        }
        if (i >= parts.length) return Optional.empty();
        String resource = parts[i];
        String name = i + 1 < parts.length ? parts[i + 1] : "";
        String sub = i + 2 < parts.length ? parts[i + 2] : "";
        if (i + 3 < parts.length) return Optional.empty();
        String verb = switch (method) {
            case "GET", "HEAD" -> watch ? "watch" : name.isEmpty() ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        return Optional.of(new RequestInfo(verb, group, version, resource, namespace, name, sub));
    }

    /** The path without leading and trailing slashes (a regex here was compiled on every request). */
    private static String withoutOuterSlashes(String path) {
        int from = 0;
        int to = path.length();
        while (from < to && path.charAt(from) == '/') from++;
        while (to > from && path.charAt(to - 1) == '/') to--;
        return path.substring(from, to);
    }
}
