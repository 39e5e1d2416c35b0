package dev.beluga.scheduler.framework;

import java.util.Optional;

/**
 * A filter (upstream's Filter extension point, with its PreFilter): whether a pod may run on a node.
 * {@link #filterFor} runs once per pod and scheduling cycle and may read the whole cluster (PreFilter);
 * the returned {@link NodeFilter} then judges nodes one by one and must read nothing but its pod and
 * the node. Empty means the plugin has nothing to check for this pod (upstream's Skip).
 */
public interface FilterPlugin {
    String name();

    Optional<NodeFilter> filterFor(PodInfo pod, ClusterSnapshot cluster);

    @FunctionalInterface
    interface NodeFilter {
        FilterResult filter(NodeInfo node);
    }
}
