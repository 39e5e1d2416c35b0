package dev.beluga.kubelet.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node's subPath handling: a subPath that does not exist is created as a directory with the
 * volume root's permissions (as upstream's SafeMakeDir does, so a group-shared volume stays shared),
 * and the resolved real path must stay inside the volume, so a symlink a container planted cannot
 * expose the rest of the node. Upstream additionally bind-mounts the checked path to close the race
 * between check and mount; this kubelet does not.
 */
public final class SafeSubPaths implements SubPathResolver {
    @Override
    public Path resolve(MountedVolume volume, String subPath, String mountName, String containerName) {
        try {
            Path root = volume.hostPath().toRealPath();
            Path path = root.resolve(subPath);
            if (!Files.exists(path)) {
                try {
                    Files.createDirectories(path);
                    int mode = (Integer) Files.getAttribute(root, "unix:mode") & 07777;
                    for (Path d = path; !d.equals(root) && d.startsWith(root); d = d.getParent()) Files.setAttribute(d, "unix:mode", mode);
                } catch (IOException e) {
                    throw new VolumeException("failed to create subPath directory for volumeMount \"" + mountName + "\" of container \"" + containerName + "\"", e);
                }
            }
            Path real = path.toRealPath();
            if (!real.startsWith(root)) {
                throw new VolumeException("subpath \"" + path + "\" not within volume path \"" + root + "\"");
            }
            return real;
        } catch (IOException e) {
            throw new VolumeException("could not determine if subPath " + subPath + " exists: " + e.getMessage(), e);
        }
    }
}
