package dev.beluga.kubelet.logs;

import dev.beluga.kubelet.volume.DirectoryTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where a pod's container logs go, upstream's {@code /var/log/pods/<namespace>_<name>_<uid>}
 * (BuildPodLogsDirectory): the sandbox's log directory, under which containerd writes
 * {@code <container>/<attempt>.log}. The kubelet removes it when it removes the pod, as upstream's
 * container GC removes the log directories of removed pods (evictPodLogsDirectories).
 *
 * @param root the pod logs root (upstream: /var/log/pods)
 */
public record PodLogDirectory(Path root) {
    /** The pod's directory; its namespace, name and uid cannot lead out of the root (no '/', no "..", no '_' in names). */
    public Path of(String namespace, String name, String uid) {
        if (!nameable(namespace, name, uid)) throw new IllegalArgumentException("not a pod log directory: " + namespace + "_" + name + "_" + uid);
        return root.resolve(namespace + "_" + name + "_" + uid);
    }

    /**
     * Removes the pod's log directory with its container logs (nothing when there is none, or when the
     * pod is known by too little to name one: an orphan whose runtime labels lack its namespace).
     */
    public void remove(String namespace, String name, String uid) {
        if (!nameable(namespace, name, uid)) return;
        Path dir = of(namespace, name, uid);
        try {
            DirectoryTree.delete(dir);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot remove the pod log directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean nameable(String namespace, String name, String uid) {
        for (String part : new String[] {namespace, name, uid}) {
            if (part == null || part.isEmpty() || part.contains("/") || part.contains("_") || part.startsWith(".")) return false;
        }
        return true;
    }

    /**
     * Upstream's evictPodLogsDirectories: the log directories whose pod uid (the part after the last
     * '_') {@code known} rejects. Only for a logs root that is this kubelet's alone.
     */
    public void removeOrphans(Predicate<String> known) {
        if (!Files.isDirectory(root)) return;
        List<Path> orphans = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                int cut = name.lastIndexOf('_');
                if (cut < 0 || name.indexOf('_') == cut) continue;
                if (!known.test(name.substring(cut + 1))) orphans.add(d);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + root + ": " + e.getMessage(), e);
        }
        List<String> failures = new ArrayList<>();
        for (Path d : orphans) {
            try {
                DirectoryTree.delete(d);
            } catch (IOException | UncheckedIOException e) {
                failures.add(d + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) throw new IllegalStateException("orphaned pod log directories not removed: " + failures);
    }
}
