package dev.beluga.controller.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.beluga.api.codec.Json;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.Optional;

/**
 * The pod-template-hash label value (upstream's controller.ComputeHash): FNV-1a 32 over the template
 * and the collision count, its decimal digits safe-encoded so no word can appear. Upstream hashes Go's
 * spew dump of the struct; Beluga hashes the template's JSON with map keys sorted, which is as stable
 * (same template, same hash, across restarts) though the values differ from upstream's.
 */
public final class TemplateHash {
    public static final String LABEL = "pod-template-hash";
    /** rand.SafeEncodeString's alphabet: no vowels, no 0/1/3 (they read as letters). */
    static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private static final ObjectWriter CANONICAL = Json.MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private TemplateHash() {}

    public static String of(PodTemplateSpec template, Optional<Integer> collisionCount) {
        byte[] json;
        try {
            json = CANONICAL.writeValueAsBytes(template);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a pod template", e);
        }
        int hash = fnv1a(FNV_OFFSET, json);
        if (collisionCount.isPresent()) {
            // binary.LittleEndian.PutUint32 into an 8-byte buffer: 4 bytes of count, 4 zero bytes.
            int c = collisionCount.get();
            byte[] bytes = {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24), 0, 0, 0, 0};
            hash = fnv1a(hash, bytes);
        }
        return safeEncode(Integer.toUnsignedString(hash));
    }

    static int fnv1a(int seed, byte[] data) {
        int h = seed;
        for (byte b : data) {
            h ^= (b & 0xff);
            h *= FNV_PRIME;
        }
        return h;
    }

    /** rand.SafeEncodeString: each byte picks a letter of the alphabet by its value modulo the alphabet's size. */
    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            out.append(SAFE_ALPHABET.charAt((b & 0xff) % SAFE_ALPHABET.length()));
        }
        return out.toString();
    }
}
