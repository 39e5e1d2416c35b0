package dev.beluga.scheduler.plugins;

import dev.beluga.scheduler.framework.ClusterSnapshot;
import dev.beluga.scheduler.framework.FilterPlugin;
import dev.beluga.scheduler.framework.FilterResult;
import dev.beluga.scheduler.framework.HostPort;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import java.util.Optional;

/** Upstream's NodePorts filter: a pod's host ports must be free on the node. */
public final class NodePortsPlugin implements FilterPlugin {
    public static final String REASON = "node(s) didn't have free ports for the requested pod ports";
    private static final FilterResult.Rejected REJECTED = FilterResult.rejected(REASON);

    @Override
    public String name() {
        return "NodePorts";
    }

    @Override
    public Optional<NodeFilter> filterFor(PodInfo pod, ClusterSnapshot cluster) {
        if (pod.hostPorts().isEmpty()) return Optional.empty();
        return Optional.of(node -> filter(pod, node));
    }

    public static FilterResult filter(PodInfo pod, NodeInfo node) {
        for (HostPort wanted : pod.hostPorts()) {
            for (HostPort used : node.usedPorts()) {
                if (wanted.conflictsWith(used)) return REJECTED;
            }
        }
        return FilterResult.FITS;
    }
}
