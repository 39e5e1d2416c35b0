package dev.beluga.kubelet.runtime;

import java.util.List;
import java.util.Optional;

/**
 * CRI LinuxSandboxSecurityContext, reduced to what the pod's securityContext can ask for. Filled in
 * once pod security contexts are applied (containerd issue); the simulated runtime ignores it.
 */
public record LinuxSandboxSecurity(Optional<Long> runAsUser, Optional<Long> runAsGroup, List<Long> supplementalGroups,
                                   boolean privileged, Optional<String> seccompProfile) {
    public LinuxSandboxSecurity {
        supplementalGroups = List.copyOf(supplementalGroups);
    }
}
