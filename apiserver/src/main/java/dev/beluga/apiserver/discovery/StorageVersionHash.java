package dev.beluga.apiserver.discovery;

import dev.beluga.api.resources.ResourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The opaque storageVersionHash discovery publishes per resource. Computed as upstream does
 * (first 8 bytes of SHA-256 over "group/version/kind" of the storage version, base64), so the value is
 * stable across restarts and changes only when the stored version changes.
 */
public final class StorageVersionHash {
    private StorageVersionHash() {}

    public static String of(ResourceType type) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((type.group() + "/" + type.version() + "/" + type.kind()).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(Arrays.copyOf(digest, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
