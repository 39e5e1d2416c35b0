package dev.beluga.kubelet.volume;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Upstream's AtomicWriter: a volume's files go into a fresh timestamped directory
 * ({@code ..2006_01_02_15_04_05.RANDOM}), then the {@code ..data} symlink is swapped to it in one
 * rename, and each top-level name is a symlink through {@code ..data}; so a reader sees the old set
 * of files or the new one, never a mix. Nothing is written when the payload is already there.
 */
public final class AtomicWriter {
    static final String DATA_DIR = "..data";
    private static final String DATA_TMP = "..data_tmp";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss").withZone(ZoneOffset.UTC);

    private final Path target;
    private final Clock clock;

    public AtomicWriter(Path target, Clock clock) {
        this.target = target;
        this.clock = clock;
    }

    /**
     * Writes the payload if it differs from what is there.
     *
     * @param beforeSwap runs on the new timestamped directory before it becomes visible (fsGroup ownership)
     * @return whether anything was written
     */
    public boolean write(Map<String, FileProjection> payload, Consumer<Path> beforeSwap) throws IOException {
        for (String p : payload.keySet()) validate(p);
        Files.createDirectories(target);
        Optional<Path> current = currentDataDir();
        if (current.isPresent() && sameAs(current.get(), payload)) {
            linkVisibleNames(payload.keySet());
            return false;
        }
        Path fresh = Files.createTempDirectory(target, ".." + TIMESTAMP.format(clock.instant()) + ".");
        Files.setAttribute(fresh, "unix:mode", 0755);
        for (Map.Entry<String, FileProjection> e : payload.entrySet()) {
            Path file = fresh.resolve(e.getKey());
            Path parent = file.getParent();
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(parent);
                for (Path d = parent; !d.equals(fresh); d = d.getParent()) Files.setAttribute(d, "unix:mode", 0755);
            }
            Files.write(file, e.getValue().data());
            Files.setAttribute(file, "unix:mode", e.getValue().mode() & 07777);
        }
        beforeSwap.accept(fresh);
        Path tmp = target.resolve(DATA_TMP);
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, fresh.getFileName());
        Files.move(tmp, target.resolve(DATA_DIR), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        linkVisibleNames(payload.keySet());
        removeStaleNames(payload.keySet());
        if (current.isPresent()) DirectoryTree.delete(current.get());
        return true;
    }

    /** Upstream's validatePath: relative, no ".." element, not starting with "..". */
    static void validate(String path) {
        if (path.isEmpty()) throw new VolumeException("invalid path: must not be empty");
        if (path.startsWith("/")) throw new VolumeException("invalid path: must be relative path: " + path);
        for (String part : path.split("/")) {
            if (part.equals("..")) throw new VolumeException("invalid path: must not contain '..': " + path);
        }
        if (path.startsWith("..")) throw new VolumeException("invalid path: must not start with '..': " + path);
    }

    private Optional<Path> currentDataDir() throws IOException {
        Path link = target.resolve(DATA_DIR);
        if (!Files.isSymbolicLink(link)) return Optional.empty();
        Path dir = target.resolve(Files.readSymbolicLink(link));
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? Optional.of(dir) : Optional.empty();
    }

    private static boolean sameAs(Path dir, Map<String, FileProjection> payload) throws IOException {
        Set<String> onDisk = new HashSet<>();
        try (var files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) onDisk.add(dir.relativize(f).toString());
            }
        }
        if (!onDisk.equals(payload.keySet())) return false;
        for (Map.Entry<String, FileProjection> e : payload.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!e.getValue().sameContent(Files.readAllBytes(f))) return false;
            int mode = (Integer) Files.getAttribute(f, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777;
            // fsGroup ownership may have added group bits after the write; only the owner's bits must match.
            if ((mode & 0700) != (e.getValue().mode() & 0700)) return false;
        }
        return true;
    }

    private void linkVisibleNames(Set<String> paths) throws IOException {
        for (String name : topLevel(paths)) {
            Path link = target.resolve(name);
            if (Files.isSymbolicLink(link)) continue;
            try {
                Files.createSymbolicLink(link, Path.of(DATA_DIR, name));
            } catch (FileAlreadyExistsException e) {
                throw new VolumeException("cannot create symlink " + link + ": a file of that name exists", e);
            }
        }
    }

    private void removeStaleNames(Set<String> paths) throws IOException {
        Set<String> keep = topLevel(paths);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith("..") || keep.contains(name)) continue;
                if (Files.isSymbolicLink(p)) Files.delete(p);
            }
        }
    }

    private static Set<String> topLevel(Set<String> paths) {
        Set<String> names = new HashSet<>();
        for (String p : paths) names.add(p.split("/", 2)[0]);
        return names;
    }

}
