package dev.beluga.kubelet.runtime;

import java.util.List;

/** CRI Image: an image the runtime holds. */
public record ImageInfo(String id, List<String> repoTags, List<String> repoDigests, long sizeBytes) {
    public ImageInfo {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
    }
}
