package dev.beluga.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import java.util.Locale;
import java.util.Optional;

/** Where in the pod spec a container comes from, which decides how it starts, restarts and counts. */
public enum ContainerKind {
    /** spec.initContainers, run to completion one at a time before anything else. */
    INIT,
    /** spec.initContainers with restartPolicy Always (native sidecar): started in order, kept running. */
    SIDECAR,
    /** spec.containers. */
    REGULAR,
    /** spec.ephemeralContainers. */
    EPHEMERAL;

    public static ContainerKind ofInit(Container c) {
        return isRestartableInit(c) ? SIDECAR : INIT;
    }

    /** An init container with restartPolicy Always (upstream's IsRestartableInitContainer). */
    public static boolean isRestartableInit(Container c) {
        return "Always".equals(c.getRestartPolicy());
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ContainerKind> fromLabel(String label) {
        for (ContainerKind k : values()) if (k.label().equals(label)) return Optional.of(k);
        return Optional.empty();
    }
}
