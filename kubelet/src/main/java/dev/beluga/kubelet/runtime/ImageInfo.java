package dev.beluga.kubelet.runtime;

import java.util.List;
import java.util.Optional;

/**
 * CRI Image: an image the runtime holds.
 *
 * @param uid      the image config's user when it is numeric (CRI's Image.uid), e.g. 0 for "0" or "0:0"
 * @param username the image config's user when it is a name (CRI's Image.username), else ""
 */
public record ImageInfo(String id, List<String> repoTags, List<String> repoDigests, long sizeBytes, Optional<Long> uid, String username) {
    public ImageInfo {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
    }

    /** An image whose config names no user (it runs as root). */
    public ImageInfo(String id, List<String> repoTags, List<String> repoDigests, long sizeBytes) {
        this(id, repoTags, repoDigests, sizeBytes, Optional.empty(), "");
    }
}
