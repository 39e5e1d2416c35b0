package dev.beluga.apiserver.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GET of the discovery paths. Every document is rendered once, at construction, and served as cached
 * bytes: the registry is fixed for the life of the server.
 */
public final class DiscoveryEndpoints {
    /** Upstream advertises its own address to clients in APIVersions; used until the router passes the real one. */
    private static final String DEFAULT_SERVER_ADDRESS = "127.0.0.1:6443";

    private final Map<String, Answer> legacy = new LinkedHashMap<>();
    private final Map<DiscoveryFormat, Answer> aggregatedCore = new EnumMap<>(DiscoveryFormat.class);
    private final Map<DiscoveryFormat, Answer> aggregatedGroups = new EnumMap<>(DiscoveryFormat.class);

    public DiscoveryEndpoints(ResourceRegistry registry) {
        this(registry, DEFAULT_SERVER_ADDRESS);
    }

    /** @param serverAddress host:port clients reach this server at, published in /api's serverAddressByClientCIDRs */
    public DiscoveryEndpoints(ResourceRegistry registry, String serverAddress) {
        LegacyDiscovery docs = new LegacyDiscovery(registry);
        legacy.put("/api", json(docs.versions(serverAddress), DiscoveryFormat.LEGACY));
        legacy.put("/apis", json(docs.groupList(), DiscoveryFormat.LEGACY));
        for (Map.Entry<String, List<String>> g : registry.groupVersions().entrySet()) {
            String group = g.getKey();
            String prefix = group.isEmpty() ? "/api" : "/apis/" + group;
            if (!group.isEmpty()) legacy.put(prefix, json(docs.group(group, g.getValue(), true), DiscoveryFormat.LEGACY));
            for (String version : g.getValue()) {
                legacy.put(prefix + "/" + version, json(docs.resourceList(group, version), DiscoveryFormat.LEGACY));
            }
        }
        AggregatedDiscovery aggregated = new AggregatedDiscovery(registry);
        for (DiscoveryFormat f : List.of(DiscoveryFormat.AGGREGATED_V2, DiscoveryFormat.AGGREGATED_V2BETA1)) {
            aggregatedCore.put(f, json(aggregated.groups(f, true), f));
            aggregatedGroups.put(f, json(aggregated.groups(f, false), f));
        }
    }

    /** GET of /api, /api/v1, /apis, /apis/{group}, /apis/{group}/{version}; empty if the path is not a discovery path. */
    public Optional<Answer> serve(String path, String acceptHeader) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (!isDiscoveryPath(p)) return Optional.empty();
        DiscoveryFormat format = DiscoveryFormat.negotiate(acceptHeader);
        if (format != DiscoveryFormat.LEGACY && p.equals("/api")) return Optional.of(aggregatedCore.get(format));
        if (format != DiscoveryFormat.LEGACY && p.equals("/apis")) return Optional.of(aggregatedGroups.get(format));
        Answer answer = legacy.get(p);
        return Optional.of(answer != null ? answer : notFound());
    }

    /** /api, /api/{v}, /apis, /apis/{g}, /apis/{g}/{v}: anything deeper names a resource. */
    private static boolean isDiscoveryPath(String p) {
        if (p.equals("/api") || p.equals("/apis")) return true;
        if (p.startsWith("/api/")) return segments(p.substring("/api/".length())) == 1;
        if (p.startsWith("/apis/")) {
            int n = segments(p.substring("/apis/".length()));
            return n == 1 || n == 2;
        }
        return false;
    }

    private static int segments(String rest) {
        return rest.isEmpty() ? 0 : rest.split("/", -1).length;
    }

    private static Answer notFound() {
        try {
            byte[] body = Json.MAPPER.writeValueAsBytes(StatusException.notFoundPath("the server could not find the requested resource").status());
            return new Answer(404, "application/json", body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Status always serializes", e);
        }
    }

    private static Answer json(JsonNode document, DiscoveryFormat format) {
        try {
            byte[] body = Json.MAPPER.writeValueAsBytes(document);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("ETag", "\"" + sha256(body) + "\"");
            // one path answers in several shapes depending on Accept: caches must key on it
            headers.put("Vary", "Accept");
            return new Answer(200, format.contentType, body, headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
