package dev.beluga.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a whole file or nothing: a crash mid-write must not leave a half key or half kubeconfig.
 * The content goes to a sibling temporary file created with the final permissions (so a secret is
 * never readable by others, not even briefly), which then replaces the target.
 */
final class AtomicFile {
    static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFile() {}

    static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temporary);
            try (SeekableByteChannel channel = Files.newByteChannel(temporary,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC),
                    PosixFilePermissions.asFileAttribute(permissions))) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            // The umask may have narrowed what was asked for at creation.
            Files.setPosixFilePermissions(temporary, permissions);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
