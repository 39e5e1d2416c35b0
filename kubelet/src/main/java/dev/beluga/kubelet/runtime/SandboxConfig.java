package dev.beluga.kubelet.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CRI PodSandboxConfig.
 *
 * @param namespaces   which namespaces the pod shares with the node (hostNetwork, hostPID, hostIPC)
 * @param logDirectory where the pod's container logs go (/var/log/pods/ns_name_uid)
 * @param labels       the pod's labels plus the kubelet's io.kubernetes.pod.* labels
 * @param annotations  the pod's annotations
 * @param cgroupParent the pod's cgroup (LinuxPodSandboxConfig.cgroup_parent, cgroupfs form, e.g.
 *                     /kubepods/besteffort/pod&lt;uid&gt;), under which the runtime puts the sandbox and the
 *                     containers; "" leaves them in the runtime's default cgroup
 */
public record SandboxConfig(SandboxMetadata metadata, String hostname, NamespaceOptions namespaces, String logDirectory, Optional<DnsConfig> dnsConfig,
                            List<PortMapping> portMappings, Map<String, String> labels, Map<String, String> annotations,
                            Optional<LinuxSandboxSecurity> linux, String cgroupParent) {
    public SandboxConfig {
        portMappings = List.copyOf(portMappings);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** A sandbox in the runtime's default cgroup. */
    public SandboxConfig(SandboxMetadata metadata, String hostname, NamespaceOptions namespaces, String logDirectory, Optional<DnsConfig> dnsConfig,
                         List<PortMapping> portMappings, Map<String, String> labels, Map<String, String> annotations,
                         Optional<LinuxSandboxSecurity> linux) {
        this(metadata, hostname, namespaces, logDirectory, dnsConfig, portMappings, labels, annotations, linux, "");
    }
}
