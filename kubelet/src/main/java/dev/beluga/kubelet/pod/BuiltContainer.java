package dev.beluga.kubelet.pod;

import dev.beluga.kubelet.runtime.ContainerConfig;
import java.util.List;

/** A container's CRI config and the warnings building it raised (upstream's InvalidEnvironmentVariableNames events). */
public record BuiltContainer(ContainerConfig config, List<String> invalidEnvWarnings) {
    public BuiltContainer {
        invalidEnvWarnings = List.copyOf(invalidEnvWarnings);
    }
}
