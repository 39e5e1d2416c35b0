package dev.beluga.kubelet.security;

import dev.beluga.kubelet.runtime.LinuxContainerSecurity;
import dev.beluga.kubelet.runtime.LinuxSandboxSecurity;
import dev.beluga.kubelet.runtime.SecurityProfile;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A pod's and its containers' securityContext as CRI security settings (upstream's
 * determineEffectiveSecurityContext and generatePodSandboxLinuxConfig), and upstream's
 * runAsNonRoot check against the image's user. Pure.
 */
public final class SecurityContexts {
    /** Upstream's defaultMaskedPaths: what procMount Default hides. */
    static final List<String> DEFAULT_MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
            "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");
    /** Upstream's defaultReadonlyPaths. */
    static final List<String> DEFAULT_READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private SecurityContexts() {}

    /**
     * The sandbox's settings: the pod's runAsUser/runAsGroup, fsGroup and supplementalGroups, privileged
     * when any container is, and always the runtime's default seccomp profile (upstream forces it so a
     * pod-level profile applies to the containers only, issue #84623).
     */
    public static LinuxSandboxSecurity sandbox(Pod pod) {
        PodSecurityContext sc = pod.getSpec() == null ? null : pod.getSpec().getSecurityContext();
        return new LinuxSandboxSecurity(Optional.ofNullable(sc == null ? null : sc.getRunAsUser()),
                Optional.ofNullable(sc == null ? null : sc.getRunAsGroup()), groups(sc), anyPrivileged(pod.getSpec()),
                SecurityProfile.runtimeDefault());
    }

    /**
     * A container's settings. The image's uid becomes runAsUser when neither the container nor the pod
     * sets one (its user name goes as runAsUsername otherwise).
     *
     * @param seccompRoot where Localhost profiles live (upstream: the kubelet's root dir + "/seccomp")
     */
    public static LinuxContainerSecurity container(Pod pod, Container c, ImageUser image, Path seccompRoot) {
        EffectiveSecurityContext sc = EffectiveSecurityContext.of(pod, c);
        Optional<Long> runAsUser = sc.runAsUser().or(image::uid);
        String username = sc.runAsUser().isPresent() || image.uid().isPresent() ? "" : image.username();
        List<String> add = sc.capabilities().map(cap -> cap.getAdd()).orElse(null);
        List<String> drop = sc.capabilities().map(cap -> cap.getDrop()).orElse(null);
        boolean unmasked = sc.procMount().filter("Unmasked"::equals).isPresent();
        PodSecurityContext podSc = pod.getSpec() == null ? null : pod.getSpec().getSecurityContext();
        return new LinuxContainerSecurity(runAsUser, sc.runAsGroup(), username.isEmpty() ? Optional.empty() : Optional.of(username), groups(podSc),
                sc.privileged(), sc.readOnlyRootFilesystem(), noNewPrivileges(sc), add == null ? List.of() : add, drop == null ? List.of() : drop,
                seccomp(sc.seccompProfile(), seccompRoot), unmasked ? List.of() : DEFAULT_MASKED_PATHS,
                unmasked ? List.of() : DEFAULT_READONLY_PATHS);
    }

    /**
     * Upstream's verifyRunAsNonRoot: the message the container waits with (CreateContainerConfigError)
     * when runAsNonRoot is asked for and the container would run as root or as a user it cannot check.
     */
    public static Optional<String> runAsNonRootViolation(Pod pod, Container c, ImageUser image) {
        EffectiveSecurityContext sc = EffectiveSecurityContext.of(pod, c);
        if (!sc.runAsNonRoot().orElse(false)) return Optional.empty();
        String who = "(pod: \"" + formatPod(pod) + "\", container: " + c.getName() + ")";
        if (sc.runAsUser().isPresent()) {
            return sc.runAsUser().get() == 0 ? Optional.of("container's runAsUser breaks non-root policy " + who) : Optional.empty();
        }
        if (image.uid().isPresent() && image.uid().get() == 0) return Optional.of("container has runAsNonRoot and image will run as root " + who);
        if (image.uid().isEmpty() && !image.username().isEmpty()) {
            return Optional.of("container has runAsNonRoot and image has non-numeric user (" + image.username() + "), cannot verify user is non-root " + who);
        }
        return Optional.empty();
    }

    /** Upstream's format.Pod: NAME_NAMESPACE(UID). */
    static String formatPod(Pod pod) {
        var m = pod.getMetadata();
        return m.getName() + "_" + m.getNamespace() + "(" + m.getUid() + ")";
    }

    /** Upstream's AddNoNewPrivileges: only an explicit allowPrivilegeEscalation: false sets no_new_privs. */
    static boolean noNewPrivileges(EffectiveSecurityContext sc) {
        return sc.allowPrivilegeEscalation().map(allow -> !allow).orElse(false);
    }

    /** Upstream's getSeccompProfile without SeccompDefault: the container's or pod's profile, else Unconfined. */
    static SecurityProfile seccomp(Optional<SeccompProfile> profile, Path seccompRoot) {
        if (profile.isEmpty() || profile.get().getType() == null) return SecurityProfile.unconfined();
        return switch (profile.get().getType()) {
            case "RuntimeDefault" -> SecurityProfile.runtimeDefault();
            case "Localhost" -> {
                String file = profile.get().getLocalhostProfile();
                if (file == null || file.isEmpty()) throw new IllegalArgumentException("seccompProfile Localhost needs localhostProfile");
                yield new SecurityProfile(SecurityProfile.Type.LOCALHOST, seccompRoot.resolve(file).toString());
            }
            default -> SecurityProfile.unconfined();
        };
    }

    /** fsGroup first, then supplementalGroups, as upstream appends them. */
    private static List<Long> groups(PodSecurityContext sc) {
        List<Long> groups = new ArrayList<>();
        if (sc == null) return groups;
        if (sc.getFsGroup() != null) groups.add(sc.getFsGroup());
        if (sc.getSupplementalGroups() != null) groups.addAll(sc.getSupplementalGroups());
        return groups;
    }

    /** Upstream's HasPrivilegedContainer over init, regular and ephemeral containers. */
    private static boolean anyPrivileged(PodSpec spec) {
        if (spec == null) return false;
        List<io.fabric8.kubernetes.api.model.SecurityContext> all = new ArrayList<>();
        if (spec.getInitContainers() != null) spec.getInitContainers().forEach(c -> all.add(c.getSecurityContext()));
        if (spec.getContainers() != null) spec.getContainers().forEach(c -> all.add(c.getSecurityContext()));
        if (spec.getEphemeralContainers() != null) spec.getEphemeralContainers().forEach(c -> all.add(c.getSecurityContext()));
        return all.stream().anyMatch(sc -> sc != null && Boolean.TRUE.equals(sc.getPrivileged()));
    }
}
