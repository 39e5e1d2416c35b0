package dev.beluga.server;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The server's own node: a kubelet on containerd in the server process.
 *
 * @param runtimeEndpoint an existing CRI socket (--container-runtime-endpoint); empty: start a managed containerd
 * @param nodeIp          the Node's InternalIP; empty: this machine's first non-loopback IPv4 address
 * @param podCidr         the node's podCIDR, from which the CNI bridge hands out pod IPs
 * @param kubeletPort     the kubelet's HTTPS port (logs, exec), 0 for any free one
 * @param podManifestPath the static pod folder (--pod-manifest-path); empty: {@code <data-dir>/pod-manifests}
 */
record NodeSettings(Optional<Path> runtimeEndpoint, Optional<String> nodeIp, String podCidr, int kubeletPort, Optional<Path> podManifestPath) {
    static final String DEFAULT_POD_CIDR = "10.88.0.0/24";

    NodeSettings {
        if (!podCidr.matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+")) {
            throw new IllegalArgumentException("--pod-cidr must be an IPv4 CIDR such as 10.88.0.0/24, not '" + podCidr + "'");
        }
        if (kubeletPort < 0 || kubeletPort > 65535) throw new IllegalArgumentException("kubelet port " + kubeletPort + " is not in 0-65535");
    }

    /** Static pods from the data directory's pod-manifests folder. */
    NodeSettings(Optional<Path> runtimeEndpoint, Optional<String> nodeIp, String podCidr, int kubeletPort) {
        this(runtimeEndpoint, nodeIp, podCidr, kubeletPort, Optional.empty());
    }

    /** The static pod folder of a node whose data lives in {@code dataDir}. */
    Path manifestFolder(Path dataDir) {
        return podManifestPath.orElse(dataDir.resolve("pod-manifests"));
    }
}
