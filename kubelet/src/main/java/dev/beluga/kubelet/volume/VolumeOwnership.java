package dev.beluga.kubelet.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Upstream's SetVolumeOwnership for fsGroup: every file and directory of the volume gets the group,
 * group read (and write unless the volume is read-only), directories also group execute and setgid
 * so new files inherit the group. Symlinks get the group only.
 */
final class VolumeOwnership {
    static final int RW_MASK = 0660;
    static final int RO_MASK = 0440;
    static final int EXEC_MASK = 0110;
    static final int SETGID = 02000;

    private VolumeOwnership() {}

    /** @param onRootMismatch fsGroupChangePolicy OnRootMismatch: skip when the root already has the group and permissions */
    static void apply(Path dir, long fsGroup, boolean readOnly, boolean onRootMismatch) {
        try {
            if (onRootMismatch && rootMatches(dir, fsGroup, readOnly)) return;
            try (var paths = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) paths::iterator) change(p, fsGroup, readOnly);
            }
        } catch (IOException e) {
            throw new VolumeException("cannot set fsGroup " + fsGroup + " on " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void change(Path p, long fsGroup, boolean readOnly) throws IOException {
        Files.setAttribute(p, "unix:gid", (int) fsGroup, LinkOption.NOFOLLOW_LINKS);
        if (Files.isSymbolicLink(p)) return;
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        int mask = readOnly ? RO_MASK : RW_MASK;
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) mask |= SETGID | EXEC_MASK;
        Files.setAttribute(p, "unix:mode", mode | mask, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean rootMatches(Path dir, long fsGroup, boolean readOnly) throws IOException {
        int gid = (Integer) Files.getAttribute(dir, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        int want = (readOnly ? RO_MASK : RW_MASK) | SETGID | EXEC_MASK;
        return gid == fsGroup && (mode & want) == want;
    }
}
