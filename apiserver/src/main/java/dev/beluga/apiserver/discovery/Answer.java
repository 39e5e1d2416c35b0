package dev.beluga.apiserver.discovery;

import java.util.Arrays;
import java.util.Map;

/**
 * One finished HTTP answer of a document endpoint, independent of the HTTP server.
 *
 * @param status      HTTP status code
 * @param contentType value of the Content-Type header
 * @param body        the bytes to write
 * @param headers     further response headers (ETag, Cache-Control, Vary, Expires, Location)
 */
public record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {

    public Answer {
        headers = Map.copyOf(headers);
    }

    public Answer(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    /**
     * Whether a conditional GET's {@code If-None-Match} names this answer's ETag, so the router may
     * answer 304 without a body.
     */
    public boolean matches(String ifNoneMatch) {
        String etag = headers.get("ETag");
        return etag != null && ifNoneMatch != null
                && Arrays.stream(ifNoneMatch.split(",")).map(String::trim).anyMatch(t -> t.equals(etag) || t.equals("*"));
    }
}
