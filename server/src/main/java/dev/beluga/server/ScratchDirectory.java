package dev.beluga.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;

/** A throwaway directory (benchmarks' servers, tests' data dirs), removed with everything in it on close. */
record ScratchDirectory(Path path) implements AutoCloseable {
    /** A new directory under {@code parent}, or under the system temp dir. */
    static ScratchDirectory create(Optional<Path> parent, String prefix) throws IOException {
        return new ScratchDirectory(Files.createTempDirectory(parent.orElse(Path.of(System.getProperty("java.io.tmpdir"))), prefix));
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Override
    public void close() {
        try {
            deleteTree(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + path, e);
        }
    }
}
