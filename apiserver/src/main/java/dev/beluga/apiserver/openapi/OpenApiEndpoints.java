package dev.beluga.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.apiserver.discovery.Answer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * GET of /openapi/v2 (JSON or gnostic protobuf) and /openapi/v3 (index and one document per
 * group-version). Documents are rendered lazily, once, and served as cached bytes.
 */
public final class OpenApiEndpoints {
    static final String PROTOBUF_V2 = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    /** The media type kubectl up to 1.2x asks for; upstream still accepts it and answers with {@link #PROTOBUF_V2}. */
    static final String PROTOBUF_V2_DEPRECATED = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    private final Supplier<ServedDocument> v2Json;
    private final Supplier<ServedDocument> v2Protobuf;
    private final Supplier<V3> v3;

    /** The v3 index and its group-version documents. */
    private record V3(ServedDocument index, Map<String, ServedDocument> groupVersions) {}

    public OpenApiEndpoints(ResourceRegistry registry) {
        Supplier<ObjectNode> v2Tree = once(() -> OpenApiV2Document.of(registry));
        this.v2Json = once(() -> ServedDocument.json(v2Tree.get()));
        this.v2Protobuf = once(() -> ServedDocument.of(GnosticV2Encoding.encode(v2Tree.get())));
        this.v3 = once(() -> v3(registry));
    }

    private static V3 v3(ResourceRegistry registry) {
        Map<String, ServedDocument> docs = new LinkedHashMap<>();
        OpenApiV3Documents.of(registry).forEach((gv, doc) -> docs.put(gv, ServedDocument.json(doc)));
        ObjectNode index = JsonNodeFactory.instance.objectNode();
        ObjectNode paths = index.putObject("paths");
        docs.forEach((gv, doc) -> paths.putObject(gv).put("serverRelativeURL", relativeUrl(gv, doc.hash())));
        return new V3(ServedDocument.json(index), docs);
    }

    private static String relativeUrl(String groupVersion, String hash) {
        return "/openapi/v3/" + groupVersion + "?hash=" + hash;
    }

    /** GET of /openapi/v2, /openapi/v3, /openapi/v3/{api/v1 | apis/{g}/{v}} (with or without ?hash=); empty if not an OpenAPI path. */
    public Optional<Answer> serve(String path, String query, String acceptHeader) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/openapi/v2")) return Optional.of(v2(acceptHeader));
        if (p.equals("/openapi/v3")) {
            ServedDocument index = v3.get().index();
            return Optional.of(new Answer(200, "application/json", index.body(), headers(index, Map.of("Cache-Control", "no-cache, private"))));
        }
        if (p.startsWith("/openapi/v3/")) return Optional.of(v3GroupVersion(p.substring("/openapi/v3/".length()), query, acceptHeader));
        return Optional.empty();
    }

    private Answer v2(String accept) {
        for (String clause : clauses(accept)) {
            if (clause.equals(PROTOBUF_V2) || clause.equals(PROTOBUF_V2_DEPRECATED)) {
                return documentAnswer(v2Protobuf.get(), PROTOBUF_V2);
            }
            if (clause.equals("application/json") || clause.equals("application/*") || clause.equals("*/*")) {
                return documentAnswer(v2Json.get(), "application/json");
            }
        }
        return notAcceptable("only application/json and " + PROTOBUF_V2 + " are served");
    }

    private Answer v3GroupVersion(String groupVersion, String query, String accept) {
        ServedDocument doc = v3.get().groupVersions().get(groupVersion);
        if (doc == null) return status(StatusException.notFoundPath("the server could not find the requested resource"));
        boolean json = clauses(accept).stream().anyMatch(c -> c.equals("application/json") || c.equals("application/*") || c.equals("*/*"));
        if (!json) return notAcceptable("only application/json is served for OpenAPI v3");
        Optional<String> hash = queryParameter(query, "hash");
        if (hash.isPresent() && !hash.get().equals(doc.hash())) {
            // a client holding an old hash is sent to the current document, as upstream does
            return new Answer(301, "text/plain", new byte[0], Map.of("Location", relativeUrl(groupVersion, doc.hash())));
        }
        Map<String, String> cache = hash.isPresent()
                ? Map.of("Cache-Control", "public, immutable",
                        "Expires", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusYears(1)))
                : Map.of("Cache-Control", "no-cache, private");
        return new Answer(200, "application/json", doc.body(), headers(doc, cache));
    }

    private static Answer documentAnswer(ServedDocument doc, String contentType) {
        return new Answer(200, contentType, doc.body(), headers(doc, Map.of("Cache-Control", "no-cache, private")));
    }

    private static Map<String, String> headers(ServedDocument doc, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("ETag", doc.etag());
        // the same URL answers JSON or protobuf depending on Accept: caches must key on it
        headers.put("Vary", "Accept");
        return headers;
    }

    /** Media types of an Accept header in order, parameters dropped, refused (q=0) ones skipped; no header accepts anything. */
    private static List<String> clauses(String accept) {
        if (accept == null || accept.isBlank()) return List.of("*/*");
        List<String> out = new ArrayList<>();
        for (String clause : accept.split(",")) {
            String[] parts = clause.split(";");
            boolean refused = Arrays.stream(parts).skip(1).map(String::trim)
                    .anyMatch(param -> param.startsWith("q=") && isZero(param.substring(2)));
            if (!refused) out.add(parts[0].trim().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static boolean isZero(String q) {
        try {
            return Double.parseDouble(q) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Optional<String> queryParameter(String query, String name) {
        if (query == null || query.isEmpty()) return Optional.empty();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    private static Answer notAcceptable(String message) {
        return status(StatusException.notAcceptable(message));
    }

    private static Answer status(StatusException e) {
        try {
            return new Answer(e.code(), "application/json", Json.MAPPER.writeValueAsBytes(e.status()));
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("a Status always serializes", x);
        }
    }

    /** Computes on first use and keeps the value; documents are only built when some client asks. */
    private static <T> Supplier<T> once(Supplier<T> compute) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        v = value;
                        if (v == null) value = v = compute.get();
                    }
                }
                return v;
            }
        };
    }
}
