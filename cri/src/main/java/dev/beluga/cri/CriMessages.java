package dev.beluga.cri;

import dev.beluga.cri.v1.Cri;
import dev.beluga.kubelet.runtime.ContainerConfig;
import dev.beluga.kubelet.runtime.ContainerFilter;
import dev.beluga.kubelet.runtime.ContainerMetadata;
import dev.beluga.kubelet.runtime.ContainerState;
import dev.beluga.kubelet.runtime.ContainerStatus;
import dev.beluga.kubelet.runtime.ContainerSummary;
import dev.beluga.kubelet.runtime.DnsConfig;
import dev.beluga.kubelet.runtime.ImageInfo;
import dev.beluga.kubelet.runtime.ImageSpec;
import dev.beluga.kubelet.runtime.KeyValue;
import dev.beluga.kubelet.runtime.LinuxContainerResources;
import dev.beluga.kubelet.runtime.LinuxContainerSecurity;
import dev.beluga.kubelet.runtime.LinuxSandboxSecurity;
import dev.beluga.kubelet.runtime.Mount;
import dev.beluga.kubelet.runtime.NamespaceOptions;
import dev.beluga.kubelet.runtime.PortMapping;
import dev.beluga.kubelet.runtime.RuntimeStatus;
import dev.beluga.kubelet.runtime.RuntimeVersion;
import dev.beluga.kubelet.runtime.SandboxConfig;
import dev.beluga.kubelet.runtime.SandboxFilter;
import dev.beluga.kubelet.runtime.SandboxMetadata;
import dev.beluga.kubelet.runtime.SandboxState;
import dev.beluga.kubelet.runtime.SandboxStatus;
import dev.beluga.kubelet.runtime.SandboxSummary;
import dev.beluga.kubelet.runtime.SecurityProfile;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one place where the kubelet's runtime SPI records become CRI runtime.v1 messages and back.
 * Pure functions. CRI times are nanoseconds since the epoch, 0 meaning "not set".
 */
public final class CriMessages {
    private CriMessages() {}

    // ---- times ----

    static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    static Optional<Instant> optionalInstant(long epochNanos) {
        return epochNanos == 0 ? Optional.empty() : Optional.of(instant(epochNanos));
    }

    // ---- version and status ----

    static RuntimeVersion version(Cri.VersionResponse response) {
        return new RuntimeVersion(response.getRuntimeName(), response.getRuntimeVersion(), response.getRuntimeApiVersion());
    }

    /** RuntimeReady and NetworkReady; the message names each unmet condition with its reason and message. */
    static RuntimeStatus runtimeStatus(Cri.StatusResponse response) {
        boolean runtimeReady = false;
        boolean networkReady = false;
        StringBuilder message = new StringBuilder();
        for (Cri.RuntimeCondition condition : response.getStatus().getConditionsList()) {
            switch (condition.getType()) {
                case "RuntimeReady" -> runtimeReady = condition.getStatus();
                case "NetworkReady" -> networkReady = condition.getStatus();
                default -> { }
            }
            if (!condition.getStatus()) {
                if (!message.isEmpty()) {
                    message.append("; ");
                }
                message.append(condition.getType()).append("=false reason:").append(condition.getReason())
                        .append(" message:").append(condition.getMessage());
            }
        }
        return new RuntimeStatus(runtimeReady, networkReady, message.toString());
    }

    // ---- sandboxes ----

    static Cri.PodSandboxMetadata sandboxMetadata(SandboxMetadata metadata) {
        return Cri.PodSandboxMetadata.newBuilder().setName(metadata.name()).setUid(metadata.uid())
                .setNamespace(metadata.namespace()).setAttempt(metadata.attempt()).build();
    }

    static SandboxMetadata sandboxMetadata(Cri.PodSandboxMetadata metadata) {
        return new SandboxMetadata(metadata.getName(), metadata.getUid(), metadata.getNamespace(), metadata.getAttempt());
    }

    public static Cri.PodSandboxConfig sandboxConfig(SandboxConfig config) {
        Cri.PodSandboxConfig.Builder builder = Cri.PodSandboxConfig.newBuilder()
                .setMetadata(sandboxMetadata(config.metadata()))
                .setHostname(config.hostname())
                .setLogDirectory(config.logDirectory())
                .putAllLabels(config.labels())
                .putAllAnnotations(config.annotations());
        config.dnsConfig().map(CriMessages::dnsConfig).ifPresent(builder::setDnsConfig);
        config.portMappings().forEach(p -> builder.addPortMappings(portMapping(p)));
        // The namespace options always go out: containerd reads hostNetwork/hostPID/hostIPC only from here.
        Cri.LinuxSandboxSecurityContext.Builder security = Cri.LinuxSandboxSecurityContext.newBuilder()
                .setNamespaceOptions(namespaceOption(config.namespaces()));
        config.linux().ifPresent(linux -> sandboxSecurity(linux, security));
        // containerd puts the sandbox and every container of it under the cgroup parent (cgroupfs: <parent>/<id>).
        builder.setLinux(Cri.LinuxPodSandboxConfig.newBuilder().setSecurityContext(security).setCgroupParent(config.cgroupParent()));
        return builder.build();
    }

    private static void sandboxSecurity(LinuxSandboxSecurity linux, Cri.LinuxSandboxSecurityContext.Builder security) {
        linux.runAsUser().ifPresent(uid -> security.setRunAsUser(int64(uid)));
        linux.runAsGroup().ifPresent(gid -> security.setRunAsGroup(int64(gid)));
        security.addAllSupplementalGroups(linux.supplementalGroups());
        security.setPrivileged(linux.privileged());
        security.setSeccomp(securityProfile(linux.seccomp()));
    }

    static Cri.DNSConfig dnsConfig(DnsConfig dns) {
        return Cri.DNSConfig.newBuilder().addAllServers(dns.servers()).addAllSearches(dns.searches()).addAllOptions(dns.options()).build();
    }

    static Cri.PortMapping portMapping(PortMapping mapping) {
        Cri.Protocol protocol = switch (mapping.protocol()) {
            case TCP -> Cri.Protocol.TCP;
            case UDP -> Cri.Protocol.UDP;
            case SCTP -> Cri.Protocol.SCTP;
        };
        return Cri.PortMapping.newBuilder().setProtocol(protocol).setContainerPort(mapping.containerPort())
                .setHostPort(mapping.hostPort()).setHostIp(mapping.hostIp()).build();
    }

    static Cri.NamespaceOption namespaceOption(NamespaceOptions options) {
        return Cri.NamespaceOption.newBuilder().setNetwork(namespaceMode(options.network())).setPid(namespaceMode(options.pid()))
                .setIpc(namespaceMode(options.ipc())).build();
    }

    /** The sandbox's options, but a targeted ephemeral container joins its target's PID namespace (upstream's NamespaceMode_TARGET). */
    static Cri.NamespaceOption containerNamespaces(ContainerConfig config, SandboxConfig sandbox) {
        Cri.NamespaceOption options = namespaceOption(sandbox.namespaces());
        if (config.pidTarget().isEmpty()) return options;
        return options.toBuilder().setPid(Cri.NamespaceMode.TARGET).setTargetId(config.pidTarget().get()).build();
    }

    static Cri.NamespaceMode namespaceMode(NamespaceOptions.Mode mode) {
        return switch (mode) {
            case POD -> Cri.NamespaceMode.POD;
            case CONTAINER -> Cri.NamespaceMode.CONTAINER;
            case NODE -> Cri.NamespaceMode.NODE;
        };
    }

    static Cri.SecurityProfile securityProfile(SecurityProfile profile) {
        Cri.SecurityProfile.ProfileType type = switch (profile.type()) {
            case RUNTIME_DEFAULT -> Cri.SecurityProfile.ProfileType.RuntimeDefault;
            case UNCONFINED -> Cri.SecurityProfile.ProfileType.Unconfined;
            case LOCALHOST -> Cri.SecurityProfile.ProfileType.Localhost;
        };
        return Cri.SecurityProfile.newBuilder().setProfileType(type).setLocalhostRef(profile.localhostRef()).build();
    }

    static Cri.Int64Value int64(long value) {
        return Cri.Int64Value.newBuilder().setValue(value).build();
    }

    static SandboxState sandboxState(Cri.PodSandboxState state) {
        return state == Cri.PodSandboxState.SANDBOX_READY ? SandboxState.READY : SandboxState.NOTREADY;
    }

    static Cri.PodSandboxState sandboxState(SandboxState state) {
        return switch (state) {
            case READY -> Cri.PodSandboxState.SANDBOX_READY;
            case NOTREADY -> Cri.PodSandboxState.SANDBOX_NOTREADY;
        };
    }

    static SandboxStatus sandboxStatus(Cri.PodSandboxStatus status) {
        Optional<String> ip = status.hasNetwork() && !status.getNetwork().getIp().isEmpty()
                ? Optional.of(status.getNetwork().getIp()) : Optional.empty();
        List<String> additional = status.getNetwork().getAdditionalIpsList().stream().map(Cri.PodIP::getIp).toList();
        return new SandboxStatus(status.getId(), sandboxMetadata(status.getMetadata()), sandboxState(status.getState()),
                instant(status.getCreatedAt()), ip, additional, status.getLabelsMap(), status.getAnnotationsMap());
    }

    static Cri.PodSandboxFilter sandboxFilter(SandboxFilter filter) {
        Cri.PodSandboxFilter.Builder builder = Cri.PodSandboxFilter.newBuilder().putAllLabelSelector(filter.labels());
        filter.id().ifPresent(builder::setId);
        filter.state().ifPresent(s -> builder.setState(Cri.PodSandboxStateValue.newBuilder().setState(sandboxState(s))));
        return builder.build();
    }

    static SandboxSummary sandboxSummary(Cri.PodSandbox sandbox) {
        return new SandboxSummary(sandbox.getId(), sandboxMetadata(sandbox.getMetadata()), sandboxState(sandbox.getState()),
                instant(sandbox.getCreatedAt()), sandbox.getLabelsMap(), sandbox.getAnnotationsMap());
    }

    // ---- containers ----

    static Cri.ContainerMetadata containerMetadata(ContainerMetadata metadata) {
        return Cri.ContainerMetadata.newBuilder().setName(metadata.name()).setAttempt(metadata.attempt()).build();
    }

    static ContainerMetadata containerMetadata(Cri.ContainerMetadata metadata) {
        return new ContainerMetadata(metadata.getName(), metadata.getAttempt());
    }

    static Cri.ImageSpec imageSpec(ImageSpec image) {
        return Cri.ImageSpec.newBuilder().setImage(image.image()).putAllAnnotations(image.annotations()).build();
    }

    static ImageSpec imageSpec(Cri.ImageSpec image) {
        return new ImageSpec(image.getImage(), image.getAnnotationsMap());
    }

    /**
     * The container's config; {@code sandbox} supplies the namespace options, which upstream's
     * kubelet repeats on every container (containerd joins the sandbox's namespaces from them).
     */
    public static Cri.ContainerConfig containerConfig(ContainerConfig config, SandboxConfig sandbox) {
        Cri.ContainerConfig.Builder builder = Cri.ContainerConfig.newBuilder()
                .setMetadata(containerMetadata(config.metadata()))
                .setImage(imageSpec(config.image()))
                .addAllCommand(config.command())
                .addAllArgs(config.args())
                .setWorkingDir(config.workingDir())
                .putAllLabels(config.labels())
                .putAllAnnotations(config.annotations())
                .setLogPath(config.logPath())
                .setStdin(config.stdin())
                .setStdinOnce(config.stdinOnce())
                .setTty(config.tty());
        config.envs().forEach(env -> builder.addEnvs(keyValue(env)));
        config.mounts().forEach(mount -> builder.addMounts(mount(mount)));
        Cri.LinuxContainerSecurityContext.Builder security = Cri.LinuxContainerSecurityContext.newBuilder()
                .setNamespaceOptions(containerNamespaces(config, sandbox));
        config.security().ifPresent(s -> containerSecurity(s, security));
        Cri.LinuxContainerConfig.Builder linux = Cri.LinuxContainerConfig.newBuilder().setSecurityContext(security);
        config.resources().ifPresent(r -> linux.setResources(resources(r)));
        builder.setLinux(linux);
        return builder.build();
    }

    private static void containerSecurity(LinuxContainerSecurity s, Cri.LinuxContainerSecurityContext.Builder security) {
        s.runAsUser().ifPresent(uid -> security.setRunAsUser(int64(uid)));
        s.runAsGroup().ifPresent(gid -> security.setRunAsGroup(int64(gid)));
        s.runAsUsername().ifPresent(security::setRunAsUsername);
        security.addAllSupplementalGroups(s.supplementalGroups())
                .setPrivileged(s.privileged())
                .setReadonlyRootfs(s.readonlyRootfs())
                .setNoNewPrivs(s.noNewPrivileges())
                .setCapabilities(Cri.Capability.newBuilder().addAllAddCapabilities(s.addCapabilities()).addAllDropCapabilities(s.dropCapabilities()))
                .setSeccomp(securityProfile(s.seccomp()))
                .addAllMaskedPaths(s.maskedPaths())
                .addAllReadonlyPaths(s.readonlyPaths());
    }

    static Cri.LinuxContainerResources resources(LinuxContainerResources r) {
        return Cri.LinuxContainerResources.newBuilder().setCpuPeriod(r.cpuPeriod()).setCpuQuota(r.cpuQuota()).setCpuShares(r.cpuShares())
                .setMemoryLimitInBytes(r.memoryLimitInBytes()).setOomScoreAdj(r.oomScoreAdj()).build();
    }

    static Cri.KeyValue keyValue(KeyValue env) {
        return Cri.KeyValue.newBuilder().setKey(env.key()).setValue(env.value()).build();
    }

    static Cri.Mount mount(Mount mount) {
        Cri.MountPropagation propagation = switch (mount.propagation()) {
            case PRIVATE -> Cri.MountPropagation.PROPAGATION_PRIVATE;
            case HOST_TO_CONTAINER -> Cri.MountPropagation.PROPAGATION_HOST_TO_CONTAINER;
            case BIDIRECTIONAL -> Cri.MountPropagation.PROPAGATION_BIDIRECTIONAL;
        };
        return Cri.Mount.newBuilder().setContainerPath(mount.containerPath()).setHostPath(mount.hostPath()).setReadonly(mount.readonly())
                .setSelinuxRelabel(mount.selinuxRelabel()).setPropagation(propagation).build();
    }

    static ContainerState containerState(Cri.ContainerState state) {
        return switch (state) {
            case CONTAINER_CREATED -> ContainerState.CREATED;
            case CONTAINER_RUNNING -> ContainerState.RUNNING;
            case CONTAINER_EXITED -> ContainerState.EXITED;
            case CONTAINER_UNKNOWN, UNRECOGNIZED -> ContainerState.UNKNOWN;
        };
    }

    static Cri.ContainerState containerState(ContainerState state) {
        return switch (state) {
            case CREATED -> Cri.ContainerState.CONTAINER_CREATED;
            case RUNNING -> Cri.ContainerState.CONTAINER_RUNNING;
            case EXITED -> Cri.ContainerState.CONTAINER_EXITED;
            case UNKNOWN -> Cri.ContainerState.CONTAINER_UNKNOWN;
        };
    }

    static ContainerStatus containerStatus(Cri.ContainerStatus status) {
        return new ContainerStatus(status.getId(), containerMetadata(status.getMetadata()), containerState(status.getState()),
                instant(status.getCreatedAt()), optionalInstant(status.getStartedAt()), optionalInstant(status.getFinishedAt()),
                status.getExitCode(), imageSpec(status.getImage()), status.getImageRef(), status.getReason(), status.getMessage(),
                status.getLabelsMap(), status.getAnnotationsMap(), status.getLogPath());
    }

    static Cri.ContainerFilter containerFilter(ContainerFilter filter) {
        Cri.ContainerFilter.Builder builder = Cri.ContainerFilter.newBuilder().putAllLabelSelector(filter.labels());
        filter.id().ifPresent(builder::setId);
        filter.podSandboxId().ifPresent(builder::setPodSandboxId);
        filter.state().ifPresent(s -> builder.setState(Cri.ContainerStateValue.newBuilder().setState(containerState(s))));
        return builder.build();
    }

    static ContainerSummary containerSummary(Cri.Container container) {
        return new ContainerSummary(container.getId(), container.getPodSandboxId(), containerMetadata(container.getMetadata()),
                imageSpec(container.getImage()), container.getImageRef(), containerState(container.getState()),
                instant(container.getCreatedAt()), container.getLabelsMap(), container.getAnnotationsMap());
    }

    // ---- images ----

    static ImageInfo imageInfo(Cri.Image image) {
        return new ImageInfo(image.getId(), image.getRepoTagsList(), image.getRepoDigestsList(), image.getSize(),
                image.hasUid() ? Optional.of(image.getUid().getValue()) : Optional.empty(), image.getUsername());
    }

    static String describe(List<String> cmd) {
        return cmd.stream().collect(Collectors.joining(" "));
    }
}
