package dev.beluga.server;

import java.time.Duration;
import java.util.Optional;

/**
 * What runs beside the API in a server process.
 *
 * @param controlPlane          run the scheduler and controllers (under leader election); off only for
 *                              measuring the API alone
 * @param controlPlaneSettings  their knobs
 * @param notReadyTolerationSeconds    DefaultTolerationSeconds admission for node.kubernetes.io/not-ready
 * @param unreachableTolerationSeconds DefaultTolerationSeconds admission for node.kubernetes.io/unreachable
 * @param simNodes              hollow nodes to run in this process
 * @param simStartLatency       how long a hollow node's simulated container takes to start
 * @param localNode             this machine as a node (kubelet on containerd), or none
 * @param clusterCidr           the pod network of the whole cluster (--cluster-cidr), holding every node's podCIDR:
 *                              traffic between addresses in it is not masqueraded; published for agents in
 *                              {@link ClusterNetworkConfigMap}
 */
record ClusterSettings(boolean controlPlane, ControlPlaneSettings controlPlaneSettings, long notReadyTolerationSeconds,
                       long unreachableTolerationSeconds, int simNodes, Duration simStartLatency, Optional<NodeSettings> localNode,
                       String clusterCidr) {
    /** Holds the default --pod-cidr 10.88.0.0/24 and 255 more nodes' /24s. */
    static final String DEFAULT_CLUSTER_CIDR = "10.88.0.0/16";

    /** The control plane without a node of its own (what tests of the API and controllers start). */
    static final ClusterSettings DEFAULTS = new ClusterSettings(true, ControlPlaneSettings.DEFAULTS, 300, 300, 0, Duration.ZERO, Optional.empty());

    ClusterSettings {
        if (simNodes < 0) throw new IllegalArgumentException("--sim-nodes must not be negative, not " + simNodes);
        if (notReadyTolerationSeconds < 0 || unreachableTolerationSeconds < 0) {
            throw new IllegalArgumentException("default toleration seconds must not be negative");
        }
        if (simStartLatency.isNegative()) throw new IllegalArgumentException("--sim-start-latency must not be negative");
        try {
            dev.beluga.kubelet.network.Ipv4Cidr.parse(clusterCidr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cluster-cidr: " + e.getMessage(), e);
        }
    }

    /** With the default cluster CIDR. */
    ClusterSettings(boolean controlPlane, ControlPlaneSettings controlPlaneSettings, long notReadyTolerationSeconds,
                    long unreachableTolerationSeconds, int simNodes, Duration simStartLatency, Optional<NodeSettings> localNode) {
        this(controlPlane, controlPlaneSettings, notReadyTolerationSeconds, unreachableTolerationSeconds, simNodes, simStartLatency, localNode,
                DEFAULT_CLUSTER_CIDR);
    }

    /** The API alone: no scheduler, no controllers, no nodes. */
    static ClusterSettings apiOnly() {
        return new ClusterSettings(false, ControlPlaneSettings.DEFAULTS, 300, 300, 0, Duration.ZERO, Optional.empty());
    }
}
