package dev.beluga.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A rendered document and its hash. The hash is upstream's: SHA-512 of the bytes in upper-case hex;
 * it is the ETag (quoted) and the {@code hash} parameter of /openapi/v3 URLs.
 */
record ServedDocument(byte[] body, String hash) {

    static ServedDocument of(byte[] body) {
        try {
            return new ServedDocument(body, HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(body)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-512", e);
        }
    }

    static ServedDocument json(JsonNode document) {
        try {
            return of(Json.MAPPER.writeValueAsBytes(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    String etag() {
        return "\"" + hash + "\"";
    }
}
