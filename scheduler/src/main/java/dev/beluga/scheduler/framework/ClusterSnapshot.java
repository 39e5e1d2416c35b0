package dev.beluga.scheduler.framework;

import java.util.Collection;
import java.util.Map;

/** What plugins may read about the whole cluster while preparing for one pod (upstream's shared lister). */
public interface ClusterSnapshot {
    /** Every candidate node (those whose Node is known). */
    Collection<NodeInfo> nodes();

    /** The nodes hosting at least one pod with required pod anti-affinity terms. */
    Collection<NodeInfo> nodesWithRequiredAntiAffinityPods();

    /**
     * How many pods of this controller (owner reference with controller=true) each node has; nodes
     * without any are absent. One small map per controller (NodeInfo keys hash by identity), so
     * spreading reads it per node without touching every node's own tables.
     */
    Map<NodeInfo, Integer> podsOfControllerByNode(String controllerUid);

    /** The namespace's labels (for affinity terms' namespace selectors); empty when unknown. */
    Map<String, String> namespaceLabels(String namespace);
}
