package dev.beluga.scheduler.plugins;

import dev.beluga.scheduler.framework.ClusterSnapshot;
import dev.beluga.scheduler.framework.FilterPlugin;
import dev.beluga.scheduler.framework.FilterResult;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.NodeSelectorTerm;
import dev.beluga.scheduler.framework.PodInfo;
import dev.beluga.scheduler.framework.ScorePlugin;
import dev.beluga.scheduler.framework.WeightedNodeSelectorTerm;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's NodeAffinity. Filter: every nodeSelector label must be on the node, and when the pod has
 * required node affinity, at least one of its terms must match (label expressions In, NotIn, Exists,
 * DoesNotExist, Gt, Lt; field metadata.name). Score: the sum of the weights of the matching preferred
 * terms, scaled so the best node scores 100.
 */
public final class NodeAffinityPlugin implements FilterPlugin, ScorePlugin {
    public static final String REASON = "node(s) didn't match Pod's node affinity/selector";
    private static final FilterResult.Rejected REJECTED = FilterResult.rejected(REASON);
    private final int weight;

    public NodeAffinityPlugin(int weight) {
        this.weight = weight;
    }

    @Override
    public String name() {
        return "NodeAffinity";
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public Optional<FilterPlugin.NodeFilter> filterFor(PodInfo pod, ClusterSnapshot cluster) {
        if (pod.nodeSelector().isEmpty() && pod.requiredNodeAffinity().isEmpty()) return Optional.empty();
        return Optional.of(node -> filter(pod, node));
    }

    public static FilterResult filter(PodInfo pod, NodeInfo node) {
        return matchesNodeSelectorAndAffinity(pod, node) ? FilterResult.FITS : REJECTED;
    }

    public static boolean matchesNodeSelectorAndAffinity(PodInfo pod, NodeInfo node) {
        Map<String, String> labels = node.labels();
        for (Map.Entry<String, String> e : pod.nodeSelector().entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) return false;
        }
        if (pod.requiredNodeAffinity().isEmpty()) return true;
        for (NodeSelectorTerm term : pod.requiredNodeAffinity().get()) {
            if (term.matches(node.requireNode(), labels)) return true;
        }
        return false;
    }

    @Override
    public Optional<NodeScorer> scorerFor(PodInfo pod, ClusterSnapshot cluster) {
        List<WeightedNodeSelectorTerm> preferred = pod.preferredNodeAffinity();
        if (preferred.isEmpty()) return Optional.empty();
        return Optional.of(new NodeScorer() {
            @Override
            public long score(NodeInfo node) {
                return preferredWeight(pod, node);
            }

            @Override
            public void normalize(long[] scores, int count) {
                ScorePlugin.normalizeToMax(scores, count, false);
            }
        });
    }

    /** The raw score: the summed weights of the preferred terms the node matches. */
    public static long preferredWeight(PodInfo pod, NodeInfo node) {
        long sum = 0;
        for (WeightedNodeSelectorTerm t : pod.preferredNodeAffinity()) {
            if (t.term().matches(node.requireNode(), node.labels())) sum += t.weight();
        }
        return sum;
    }
}
