package dev.beluga.kubelet.pod;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.beluga.api.codec.Json;
import io.fabric8.kubernetes.api.model.Container;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A container spec's fingerprint, stored on the runtime container: when the pod's container changes
 * (the image, the only mutable part), the running instance no longer matches and is replaced.
 */
public final class ContainerHash {
    private ContainerHash() {}

    public static String of(Container container) {
        try {
            byte[] json = Json.MAPPER.writeValueAsBytes(container);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint container " + container.getName(), e);
        }
    }
}
