package dev.beluga.scheduler.plugins;

import dev.beluga.scheduler.framework.ClusterSnapshot;
import dev.beluga.scheduler.framework.FilterPlugin;
import dev.beluga.scheduler.framework.FilterResult;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import java.util.Optional;

/** Upstream's NodeName filter: a pod that names a node fits only there. */
public final class NodeNamePlugin implements FilterPlugin {
    public static final String REASON = "node(s) didn't match the requested node name";
    private static final FilterResult.Rejected REJECTED = FilterResult.rejected(REASON);

    @Override
    public String name() {
        return "NodeName";
    }

    @Override
    public Optional<NodeFilter> filterFor(PodInfo pod, ClusterSnapshot cluster) {
        if (pod.nodeName().isEmpty()) return Optional.empty();
        return Optional.of(node -> filter(pod, node));
    }

    public static FilterResult filter(PodInfo pod, NodeInfo node) {
        String wanted = pod.nodeName();
        return wanted.isEmpty() || wanted.equals(node.name()) ? FilterResult.FITS : REJECTED;
    }
}
