package dev.beluga.kubelet.volume;

import java.nio.file.Path;

/** Turns a volumeMount's subPath into the host path to mount; the node's one creates and checks it ({@link SafeSubPaths}). */
@FunctionalInterface
public interface SubPathResolver {
    /**
     * @param subPath relative, already checked for ".." and absoluteness
     * @throws VolumeException with the message the container waits with
     */
    Path resolve(MountedVolume volume, String subPath, String mountName, String containerName);

    /** Joins the paths without touching the disk (for tests and what-if computations). */
    static SubPathResolver lexical() {
        return (volume, subPath, mountName, containerName) -> volume.hostPath().resolve(subPath);
    }
}
