package dev.beluga.kubelet.volume;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * How many bytes a volume directory holds, for the emptyDir sizeLimit check (upstream measures by a
 * walk of the directory too, when it has no filesystem quotas). Bounded: the walk stops as soon as it
 * has seen more than the limit, or after {@link #MAX_ENTRIES} entries, so a check stays cheap. Counts
 * regular files' sizes (a hard-linked file once), neither following symbolic links nor crossing into
 * other filesystems; unlike upstream's block count, sparse files count at their apparent size and
 * directories count nothing.
 */
public final class DirectoryUsage {
    /** The most entries one walk visits. */
    static final int MAX_ENTRIES = 200_000;

    private DirectoryUsage() {}

    /** @return the bytes counted, more than {@code stopAbove} when the directory holds more; 0 for a missing directory */
    public static long bytes(Path dir, long stopAbove) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return 0;
        Object device;
        try {
            device = Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return 0;
        }
        Set<Object> seenInodes = new HashSet<>();
        long[] total = {0};
        int[] entries = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    if (++entries[0] > MAX_ENTRIES) return FileVisitResult.TERMINATE;
                    // A mount inside the volume (another filesystem) is not the volume's usage.
                    return device.equals(Files.getAttribute(d, "unix:dev", LinkOption.NOFOLLOW_LINKS)) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (++entries[0] > MAX_ENTRIES) return FileVisitResult.TERMINATE;
                    if (attrs.isRegularFile() && seenInodes.add(attrs.fileKey() == null ? f : attrs.fileKey())) total[0] += attrs.size();
                    return total[0] > stopAbove ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    // A file removed while walking, or unreadable: it counts nothing.
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // What was counted stands; the next check walks again.
        }
        return total[0];
    }
}
