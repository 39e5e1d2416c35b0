package dev.beluga.kubelet.volume;

import java.nio.file.Path;

/**
 * Where the kubelet keeps pod data under its root dir, as upstream lays it out:
 * {@code <root>/pods/<uid>/volumes/<plugin>/<name>} (plugin names like kubernetes.io~empty-dir) and
 * Localhost seccomp profiles in {@code <root>/seccomp}.
 */
public record VolumeLayout(Path root) {
    public Path podsDir() {
        return root.resolve("pods");
    }

    public Path podDir(String uid) {
        if (uid.isEmpty() || uid.contains("/") || uid.startsWith(".")) throw new IllegalArgumentException("not a pod uid: " + uid);
        return podsDir().resolve(uid);
    }

    public Path volumeDir(String uid, VolumeKind kind, String name) {
        return podDir(uid).resolve("volumes").resolve(kind.pluginDir()).resolve(name);
    }

    public Path seccompRoot() {
        return root.resolve("seccomp");
    }
}
