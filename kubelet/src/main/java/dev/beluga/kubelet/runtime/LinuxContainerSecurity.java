package dev.beluga.kubelet.runtime;

import java.util.List;
import java.util.Optional;

/**
 * CRI LinuxContainerSecurityContext, reduced to what a container's securityContext can ask for.
 * Filled in by the containerd issue; the simulated runtime ignores it.
 */
public record LinuxContainerSecurity(Optional<Long> runAsUser, Optional<Long> runAsGroup, Optional<String> runAsUsername,
                                     List<Long> supplementalGroups, boolean privileged, boolean readonlyRootfs, boolean noNewPrivileges,
                                     List<String> addCapabilities, List<String> dropCapabilities, Optional<String> seccompProfile) {
    public LinuxContainerSecurity {
        supplementalGroups = List.copyOf(supplementalGroups);
        addCapabilities = List.copyOf(addCapabilities);
        dropCapabilities = List.copyOf(dropCapabilities);
    }
}
