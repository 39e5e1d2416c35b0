package dev.beluga.cri.images;

import java.util.List;
import java.util.Optional;

/**
 * The runtime part of an OCI image config ({@code config} in the config blob): what a container of
 * the image runs when the pod does not say otherwise.
 */
public record ImageConfig(
        List<String> entrypoint, List<String> cmd, List<String> env, String workingDir, Optional<String> user) {
    /** The PATH upstream's Debian-, Alpine- and busybox-based images set. */
    public static final String STANDARD_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        if (!workingDir.startsWith("/")) {
            throw new IllegalArgumentException("workingDir must be absolute: " + workingDir);
        }
    }
}
