package dev.beluga.kubelet.pod;

import dev.beluga.kubelet.cgroup.PodCgroupName;
import dev.beluga.kubelet.runtime.ContainerConfig;
import dev.beluga.kubelet.runtime.LinuxContainerResources;
import dev.beluga.kubelet.runtime.LinuxContainerSecurity;
import dev.beluga.kubelet.runtime.Mount;
import dev.beluga.kubelet.security.ContainerResources;
import dev.beluga.kubelet.security.SecurityContexts;
import dev.beluga.kubelet.volume.ContainerMounts;
import dev.beluga.kubelet.volume.EtcHosts;
import dev.beluga.kubelet.volume.VolumeException;
import dev.beluga.kubelet.runtime.ContainerMetadata;
import dev.beluga.kubelet.runtime.DnsConfig;
import dev.beluga.kubelet.runtime.ImageSpec;
import dev.beluga.kubelet.runtime.KeyValue;
import dev.beluga.kubelet.runtime.NamespaceOptions;
import dev.beluga.kubelet.runtime.PortMapping;
import dev.beluga.kubelet.runtime.SandboxConfig;
import dev.beluga.kubelet.runtime.SandboxMetadata;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the CRI configs of a pod's sandbox and containers from its spec, without I/O. */
public final class RuntimeConfigs {
    private static final Pattern METADATA_KEY = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");
    private static final int MAX_HOSTNAME = 63;

    private RuntimeConfigs() {}

    public static SandboxConfig sandbox(Pod pod, int attempt, PodRuntimeSettings settings) {
        PodSpec spec = pod.getSpec();
        var meta = pod.getMetadata();
        List<PortMapping> ports = new ArrayList<>();
        List<Container> all = new ArrayList<>(PodSpecs.initContainers(pod));
        all.addAll(PodSpecs.containers(pod));
        for (Container c : all) {
            if (c.getPorts() == null) continue;
            for (ContainerPort p : c.getPorts()) {
                PortMapping.Protocol protocol = p.getProtocol() == null ? PortMapping.Protocol.TCP : PortMapping.Protocol.valueOf(p.getProtocol());
                ports.add(new PortMapping(protocol, p.getContainerPort() == null ? 0 : p.getContainerPort(),
                        p.getHostPort() == null ? 0 : p.getHostPort(), p.getHostIP() == null ? "" : p.getHostIP()));
            }
        }
        Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        return new SandboxConfig(new SandboxMetadata(meta.getName(), meta.getUid(), meta.getNamespace(), attempt),
                hostname(pod), namespaces(spec), settings.podLogDirectory().of(meta.getNamespace(), meta.getName(), meta.getUid()).toString(),
                dns(pod, settings), ports, RuntimeLabels.sandboxLabels(pod), annotations, Optional.of(SecurityContexts.sandbox(pod)),
                PodCgroupName.of(pod));
    }

    /**
     * @param podIps  the sandbox's IPs (for status.podIP(s) in the downward API)
     * @param hostIps the node's (status.hostIP(s))
     */
    public static ContainerConfig container(Pod pod, Container c, ContainerKind kind, int restartCount, List<String> podIps, List<String> hostIps) {
        return build(pod, c, kind, restartCount, podIps, hostIps, ContainerInputs.none()).config();
    }

    /**
     * The container's CRI config: upstream's runAsNonRoot check first, then environment, mounts,
     * security context and resources. Pure but for {@code in.subPaths()}, which on a node creates and
     * checks subPath directories.
     *
     * @throws ContainerConfigException with upstream's message; the container waits with CreateContainerConfigError
     */
    public static BuiltContainer build(Pod pod, Container c, ContainerKind kind, int restartCount, List<String> podIps, List<String> hostIps,
                                       ContainerInputs in) {
        Optional<String> rootViolation = SecurityContexts.runAsNonRootViolation(pod, c, in.imageUser());
        if (rootViolation.isPresent()) throw new ContainerConfigException(rootViolation.get());
        ContainerEnvironment.Result env = ContainerEnvironment.of(pod, c, podIps, hostIps, in.objects(), in.allocatable());
        LinuxContainerSecurity security;
        List<Mount> mounts;
        try {
            security = SecurityContexts.container(pod, c, in.imageUser(), in.seccompRoot());
            mounts = new ArrayList<>(ContainerMounts.of(c, security.privileged(), in.volumes(), env.variables(), in.subPaths()));
            boolean ownHosts = mounts.stream().anyMatch(m -> EtcHosts.CONTAINER_PATH.equals(m.containerPath()));
            if (in.etcHosts().isPresent() && !ownHosts) {
                mounts.add(new Mount(EtcHosts.CONTAINER_PATH, in.etcHosts().get().toString(), false, true, Mount.Propagation.PRIVATE));
            }
        } catch (VolumeException | IllegalArgumentException e) {
            throw new ContainerConfigException(e.getMessage());
        }
        LinuxContainerResources resources = ContainerResources.of(pod, c, in.memoryCapacity());
        Map<String, String> annotations = new HashMap<>();
        annotations.put(RuntimeLabels.CONTAINER_HASH, ContainerHash.of(c));
        annotations.put(RuntimeLabels.CONTAINER_RESTART_COUNT, Integer.toString(restartCount));
        annotations.put(RuntimeLabels.TERMINATION_MESSAGE_PATH, c.getTerminationMessagePath() == null ? "/dev/termination-log" : c.getTerminationMessagePath());
        annotations.put(RuntimeLabels.TERMINATION_MESSAGE_POLICY, c.getTerminationMessagePolicy() == null ? "File" : c.getTerminationMessagePolicy());
        if (pod.getSpec() != null && pod.getSpec().getTerminationGracePeriodSeconds() != null) {
            annotations.put(RuntimeLabels.POD_TERMINATION_GRACE_PERIOD, pod.getSpec().getTerminationGracePeriodSeconds().toString());
        }
        annotations.put(RuntimeLabels.CONTAINER_KIND, kind.label());
        return new BuiltContainer(new ContainerConfig(new ContainerMetadata(c.getName(), restartCount), ImageSpec.of(c.getImage()),
                expanded(c.getCommand(), env.variables()), expanded(c.getArgs(), env.variables()), c.getWorkingDir() == null ? "" : c.getWorkingDir(),
                env.variables(), mounts, RuntimeLabels.containerLabels(pod, c.getName()), annotations,
                c.getName() + "/" + restartCount + ".log", Boolean.TRUE.equals(c.getStdin()), Boolean.TRUE.equals(c.getStdinOnce()),
                Boolean.TRUE.equals(c.getTty()), Optional.of(resources), Optional.of(security)), env.invalidNameWarnings());
    }

    /** Upstream's GeneratePodHostNameAndDomain: spec.hostname, else the pod name cut to 63 characters. */
    public static String hostname(Pod pod) {
        String h = pod.getSpec() != null && pod.getSpec().getHostname() != null && !pod.getSpec().getHostname().isEmpty()
                ? pod.getSpec().getHostname() : pod.getMetadata().getName();
        if (h.length() > MAX_HOSTNAME) {
            h = h.substring(0, MAX_HOSTNAME);
            while (!h.isEmpty() && (h.endsWith("-") || h.endsWith("."))) h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    private static NamespaceOptions namespaces(PodSpec spec) {
        if (spec == null) return NamespaceOptions.podDefaults();
        NamespaceOptions.Mode network = Boolean.TRUE.equals(spec.getHostNetwork()) ? NamespaceOptions.Mode.NODE : NamespaceOptions.Mode.POD;
        NamespaceOptions.Mode pid = Boolean.TRUE.equals(spec.getHostPID()) ? NamespaceOptions.Mode.NODE
                : Boolean.TRUE.equals(spec.getShareProcessNamespace()) ? NamespaceOptions.Mode.POD : NamespaceOptions.Mode.CONTAINER;
        NamespaceOptions.Mode ipc = Boolean.TRUE.equals(spec.getHostIPC()) ? NamespaceOptions.Mode.NODE : NamespaceOptions.Mode.POD;
        return new NamespaceOptions(network, pid, ipc);
    }

    /**
     * Upstream's DNS configurer: ClusterFirst (the default) points at the cluster DNS with the
     * namespace's search path and ndots:5 (falling back to the node's resolver when no cluster DNS
     * is set, as upstream does); Default is the node's resolver (empty here: the runtime's default);
     * None takes only spec.dnsConfig, which the other policies merge in.
     */
    static Optional<DnsConfig> dns(Pod pod, PodRuntimeSettings settings) {
        PodSpec spec = pod.getSpec();
        String policy = spec == null || spec.getDnsPolicy() == null ? "ClusterFirst" : spec.getDnsPolicy();
        boolean hostNetwork = spec != null && Boolean.TRUE.equals(spec.getHostNetwork());
        if ("ClusterFirst".equals(policy) && hostNetwork) policy = "Default";
        if ("ClusterFirstWithHostNet".equals(policy)) policy = "ClusterFirst";
        List<String> servers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        if ("ClusterFirst".equals(policy) && !settings.clusterDns().isEmpty()) {
            String ns = pod.getMetadata().getNamespace();
            String d = settings.clusterDomain();
            servers.addAll(settings.clusterDns());
            searches.addAll(List.of(ns + ".svc." + d, "svc." + d, d));
            options.add("ndots:5");
        }
        PodDNSConfig own = spec == null ? null : spec.getDnsConfig();
        if (own != null) {
            if (own.getNameservers() != null) for (String s : own.getNameservers()) if (!servers.contains(s)) servers.add(s);
            if (own.getSearches() != null) for (String s : own.getSearches()) if (!searches.contains(s)) searches.add(s);
            if (own.getOptions() != null) {
                Map<String, String> merged = new LinkedHashMap<>();
                for (String o : options) merged.put(o.split(":", 2)[0], o);
                for (PodDNSConfigOption o : own.getOptions()) merged.put(o.getName(), o.getValue() == null ? o.getName() : o.getName() + ":" + o.getValue());
                options = new ArrayList<>(merged.values());
            }
        }
        if (servers.isEmpty() && searches.isEmpty() && options.isEmpty()) return Optional.empty();
        return Optional.of(new DnsConfig(servers, searches, options));
    }

    static String fieldRef(Pod pod, ObjectFieldSelector ref, List<String> podIps, List<String> hostIps) {
        String path = ref.getFieldPath();
        var meta = pod.getMetadata();
        switch (path) {
            case "metadata.name": return meta.getName();
            case "metadata.namespace": return meta.getNamespace();
            case "metadata.uid": return meta.getUid();
            case "spec.nodeName": return pod.getSpec().getNodeName();
            case "spec.serviceAccountName": return pod.getSpec().getServiceAccountName() == null ? "" : pod.getSpec().getServiceAccountName();
            case "status.podIP": return podIps.isEmpty() ? "" : podIps.getFirst();
            case "status.podIPs": return String.join(",", podIps);
            case "status.hostIP": return hostIps.isEmpty() ? "" : hostIps.getFirst();
            case "status.hostIPs": return String.join(",", hostIps);
            default: break;
        }
        Matcher m = METADATA_KEY.matcher(path);
        if (m.matches()) {
            Map<String, String> map = "labels".equals(m.group(1)) ? meta.getLabels() : meta.getAnnotations();
            return map == null ? "" : map.getOrDefault(m.group(2), "");
        }
        if ("metadata.labels".equals(path) || "metadata.annotations".equals(path)) {
            Map<String, String> map = "metadata.labels".equals(path) ? meta.getLabels() : meta.getAnnotations();
            StringBuilder sb = new StringBuilder();
            if (map != null) map.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> sb.append(sb.isEmpty() ? "" : "\n").append(e.getKey()).append("=\"").append(e.getValue()).append('"'));
            return sb.toString();
        }
        throw new ContainerConfigException("unsupported fieldPath: " + path);
    }

    /** Upstream's ExpandContainerCommandAndArgs: $(VAR) in command and args from the container's environment. */
    static List<String> expanded(List<String> commandOrArgs, List<KeyValue> env) {
        if (commandOrArgs == null || commandOrArgs.isEmpty()) return List.of();
        var mapping = VariableExpansion.keepingUnknown(VariableExpansion.byName(env));
        return commandOrArgs.stream().map(s -> VariableExpansion.expand(s, mapping)).toList();
    }
}
