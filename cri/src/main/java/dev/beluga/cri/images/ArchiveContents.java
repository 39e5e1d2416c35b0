package dev.beluga.cri.images;

import java.util.List;

/** What an image archive holds, as far as telling whether `ctr images import` can read it. */
public sealed interface ArchiveContents {
    /** An OCI image layout (oci-layout + index.json); {@code names} are its annotated image names. */
    record OciLayout(List<String> names) implements ArchiveContents {
        public OciLayout {
            names = List.copyOf(names);
        }
    }

    /** A `docker save` archive (manifest.json); {@code names} are its RepoTags. */
    record DockerArchive(List<String> names) implements ArchiveContents {
        public DockerArchive {
            names = List.copyOf(names);
        }
    }

    /** Not something containerd imports; {@code reason} says why, for the user. */
    record NotAnImageArchive(String reason) implements ArchiveContents {}
}
