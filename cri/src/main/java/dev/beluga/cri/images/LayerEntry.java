package dev.beluga.cri.images;

import java.util.Objects;

/**
 * One entry of an image layer: a path inside the image (relative, no leading slash) and what is
 * there. Every entry is owned by root (uid 0, gid 0), as in upstream's busybox and pause images.
 */
public sealed interface LayerEntry {
    String path();

    /** A directory; {@code mode} holds the permission bits only (e.g. 01777 for /tmp). */
    record Directory(String path, int mode) implements LayerEntry {
        public Directory {
            path = checked(path);
        }
    }

    /** A regular file with its whole content (the images hold a few small files and one static binary). */
    record RegularFile(String path, int mode, byte[] content) implements LayerEntry {
        public RegularFile {
            path = checked(path);
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }
    }

    /** A hard link to a regular file written earlier in the same layer, as `busybox --install` makes. */
    record HardLink(String path, String target) implements LayerEntry {
        public HardLink {
            path = checked(path);
            target = checked(target);
        }
    }

    /** A symbolic link; {@code target} is written as given (absolute or relative). */
    record SymbolicLink(String path, String target) implements LayerEntry {
        public SymbolicLink {
            path = checked(path);
            Objects.requireNonNull(target, "target");
        }
    }

    private static String checked(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("//")
                || path.equals("..") || path.startsWith("../") || path.contains("/../")) {
            throw new IllegalArgumentException("layer path must be relative and normalized: '" + path + "'");
        }
        return path;
    }
}
