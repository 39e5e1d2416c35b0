package dev.beluga.kubelet.pod;

import java.util.List;

/**
 * The node-wide settings that shape a pod's sandbox and containers.
 *
 * @param podLogsRoot   where pod log directories go (upstream: /var/log/pods)
 * @param clusterDns    the cluster DNS service's addresses (empty: ClusterFirst pods use the node's resolver)
 * @param clusterDomain e.g. cluster.local
 */
public record PodRuntimeSettings(String podLogsRoot, List<String> clusterDns, String clusterDomain) {
    public PodRuntimeSettings {
        clusterDns = List.copyOf(clusterDns);
    }

    public static PodRuntimeSettings defaults() {
        return new PodRuntimeSettings("/var/log/pods", List.of(), "cluster.local");
    }
}
