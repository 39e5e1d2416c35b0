package dev.beluga.kubelet.runtime;

import java.util.List;
import java.util.Optional;

/** The CRI ImageService: images the runtime holds and pulls. */
public interface ImageService {

    /** CRI PullImage; returns the image reference (a digest) the runtime stored it under. */
    String pullImage(ImageSpec image, SandboxConfig sandbox);

    /** CRI ImageStatus: the image when present. */
    Optional<ImageInfo> imageStatus(ImageSpec image);

    List<ImageInfo> listImages();
}
