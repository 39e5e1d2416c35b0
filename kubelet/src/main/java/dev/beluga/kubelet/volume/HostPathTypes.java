package dev.beluga.kubelet.volume;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Upstream's hostPath type check: creates what the *OrCreate types ask for, else checks what is there. */
final class HostPathTypes {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    private HostPathTypes() {}

    /** @param type spec.volumes[].hostPath.type; "" or null checks nothing */
    static void check(Path path, String type) {
        if (type == null || type.isEmpty()) return;
        try {
            switch (type) {
                case "DirectoryOrCreate" -> {
                    if (!Files.exists(path)) {
                        Files.createDirectories(path);
                        Files.setAttribute(path, "unix:mode", 0755);
                        return;
                    }
                    requireDirectory(path);
                }
                case "Directory" -> requireDirectory(path);
                case "FileOrCreate" -> {
                    if (!Files.exists(path)) {
                        try {
                            Files.createFile(path);
                            Files.setAttribute(path, "unix:mode", 0644);
                        } catch (FileAlreadyExistsException raced) {
                            requireFile(path);
                        }
                        return;
                    }
                    requireFile(path);
                }
                case "File" -> requireFile(path);
                case "Socket" -> requireKind(path, S_IFSOCK, "a socket file");
                case "CharDevice" -> requireKind(path, S_IFCHR, "a character device");
                case "BlockDevice" -> requireKind(path, S_IFBLK, "a block device");
                default -> throw new VolumeException(type + " is an invalid volume type");
            }
        } catch (IOException e) {
            throw new VolumeException(e.toString(), e);
        }
    }

    private static void requireDirectory(Path path) {
        if (!Files.isDirectory(path)) throw new VolumeException("hostPath type check failed: " + path + " is not a directory");
    }

    private static void requireFile(Path path) {
        if (!Files.isRegularFile(path)) throw new VolumeException("hostPath type check failed: " + path + " is not a file");
    }

    private static void requireKind(Path path, int kind, String what) throws IOException {
        boolean matches = Files.exists(path) && (((Integer) Files.getAttribute(path, "unix:mode")) & S_IFMT) == kind;
        if (!matches) throw new VolumeException("hostPath type check failed: " + path + " is not " + what);
    }
}
