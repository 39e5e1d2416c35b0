package dev.beluga.kubelet.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Removal of a directory tree the kubelet made (pod directories, volumes, pod log directories). */
public final class DirectoryTree {
    private DirectoryTree() {}

    /**
     * Deletes {@code root} and everything under it without following symbolic links (a volume's
     * {@code ..data} link, or a link a container planted, must not lead the removal out of the tree).
     * Mounts under it must be gone first: deleting stops at a busy mount point.
     */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException e) {
                    // gone meanwhile
                }
            }
        }
    }
}
