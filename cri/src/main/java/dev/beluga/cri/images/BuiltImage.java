package dev.beluga.cri.images;

import java.nio.file.Path;
import java.util.List;

/**
 * An archive {@link OciImageBuilder} wrote, with the digests inside it ({@code sha256:<hex>}):
 * {@code diffId} is the digest of the uncompressed layer tar, {@code layerDigest} of the gzip'ed blob.
 */
public record BuiltImage(
        Path archive, List<String> names, String manifestDigest, String configDigest, String layerDigest,
        String diffId) {
    public BuiltImage {
        names = List.copyOf(names);
    }
}
