package dev.beluga.kubelet.runtime;

import java.util.List;
import java.util.Optional;

/**
 * CRI LinuxSandboxSecurityContext, reduced to what the pod's securityContext can ask for (built by
 * {@code kubelet.security.SecurityContexts}).
 *
 * @param supplementalGroups the pod's supplementalGroups plus its fsGroup
 * @param privileged         any of the pod's containers is privileged (upstream's rule)
 */
public record LinuxSandboxSecurity(Optional<Long> runAsUser, Optional<Long> runAsGroup, List<Long> supplementalGroups,
                                   boolean privileged, SecurityProfile seccomp) {
    public LinuxSandboxSecurity {
        supplementalGroups = List.copyOf(supplementalGroups);
    }
}
