package dev.beluga.kubelet.runtime;

import java.util.List;
import java.util.Optional;

/**
 * CRI LinuxContainerSecurityContext, reduced to what a container's securityContext can ask for
 * (built by {@code kubelet.security.SecurityContexts}).
 *
 * @param supplementalGroups the pod's supplementalGroups plus its fsGroup, as upstream passes them
 * @param addCapabilities    as written in the spec ("NET_ADMIN", "ALL"); the runtime adds the CAP_ prefix
 * @param maskedPaths        /proc paths hidden from the container (empty with procMount Unmasked; the runtime ignores them for privileged)
 * @param readonlyPaths      /proc paths made read-only (same)
 */
public record LinuxContainerSecurity(Optional<Long> runAsUser, Optional<Long> runAsGroup, Optional<String> runAsUsername,
                                     List<Long> supplementalGroups, boolean privileged, boolean readonlyRootfs, boolean noNewPrivileges,
                                     List<String> addCapabilities, List<String> dropCapabilities, SecurityProfile seccomp,
                                     List<String> maskedPaths, List<String> readonlyPaths) {
    public LinuxContainerSecurity {
        supplementalGroups = List.copyOf(supplementalGroups);
        addCapabilities = List.copyOf(addCapabilities);
        dropCapabilities = List.copyOf(dropCapabilities);
        maskedPaths = List.copyOf(maskedPaths);
        readonlyPaths = List.copyOf(readonlyPaths);
    }
}
