package dev.beluga.kubelet.security;

import dev.beluga.kubelet.runtime.ImageInfo;
import java.util.Optional;

/**
 * Who an image runs as (upstream's getImageUser): its numeric uid, else its user name; an image
 * that names neither, or that the runtime does not know, counts as root (uid 0), as upstream's does.
 */
public record ImageUser(Optional<Long> uid, String username) {
    public static ImageUser of(Optional<ImageInfo> image) {
        if (image.isPresent()) {
            if (image.get().uid().isPresent()) return new ImageUser(image.get().uid(), "");
            if (!image.get().username().isEmpty()) return new ImageUser(Optional.empty(), image.get().username());
        }
        return root();
    }

    public static ImageUser root() {
        return new ImageUser(Optional.of(0L), "");
    }
}
