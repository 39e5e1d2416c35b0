package dev.beluga.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The continue token of a paged list, in upstream's shape (base64 of {"v","rv","start"}): the revision
 * pins every page to the first page's snapshot, start is the key (relative to the list's prefix) to
 * resume at.
 */
record ContinueToken(long revision, String startAfter) {

    String encode() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("v", "meta.k8s.io/v1");
        n.put("rv", revision);
        n.put("start", startAfter + "\u0000");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(n.toString().getBytes(StandardCharsets.UTF_8));
    }

    static ContinueToken decode(String token) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token.replace('+', '-').replace('/', '_').replace("=", ""));
            JsonNode n = Json.MAPPER.readTree(raw);
            String start = n.path("start").asText("");
            if (!"meta.k8s.io/v1".equals(n.path("v").asText()) || n.path("rv").asLong(0) <= 0 || start.contains("..")) {
                throw new IllegalArgumentException("unknown continue token");
            }
            if (start.endsWith("\u0000")) start = start.substring(0, start.length() - 1);
            return new ContinueToken(n.get("rv").asLong(), start);
        } catch (Exception e) {
            throw StatusException.badRequest("invalid continue token: " + e.getMessage());
        }
    }
}
