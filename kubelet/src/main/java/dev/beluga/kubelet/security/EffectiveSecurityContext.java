package dev.beluga.kubelet.security;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.Optional;

/**
 * Upstream's DetermineEffectiveSecurityContext: the container's securityContext over the pod's for
 * the fields both have (runAsUser, runAsGroup, runAsNonRoot, seccompProfile); the container-only
 * fields as the container sets them.
 */
record EffectiveSecurityContext(Optional<Long> runAsUser, Optional<Long> runAsGroup, Optional<Boolean> runAsNonRoot,
                                Optional<SeccompProfile> seccompProfile, Optional<Capabilities> capabilities, boolean privileged,
                                boolean readOnlyRootFilesystem, Optional<Boolean> allowPrivilegeEscalation, Optional<String> procMount) {

    static EffectiveSecurityContext of(Pod pod, Container c) {
        PodSecurityContext p = pod.getSpec() == null ? null : pod.getSpec().getSecurityContext();
        SecurityContext s = c.getSecurityContext();
        return new EffectiveSecurityContext(
                first(s == null ? null : s.getRunAsUser(), p == null ? null : p.getRunAsUser()),
                first(s == null ? null : s.getRunAsGroup(), p == null ? null : p.getRunAsGroup()),
                first(s == null ? null : s.getRunAsNonRoot(), p == null ? null : p.getRunAsNonRoot()),
                first(s == null ? null : s.getSeccompProfile(), p == null ? null : p.getSeccompProfile()),
                Optional.ofNullable(s == null ? null : s.getCapabilities()),
                s != null && Boolean.TRUE.equals(s.getPrivileged()),
                s != null && Boolean.TRUE.equals(s.getReadOnlyRootFilesystem()),
                Optional.ofNullable(s == null ? null : s.getAllowPrivilegeEscalation()),
                Optional.ofNullable(s == null ? null : s.getProcMount()));
    }

    private static <T> Optional<T> first(T container, T pod) {
        return Optional.ofNullable(container != null ? container : pod);
    }
}
