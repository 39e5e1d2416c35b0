package dev.beluga.scheduler.plugins;

import dev.beluga.scheduler.framework.ClusterSnapshot;
import dev.beluga.scheduler.framework.FilterPlugin;
import dev.beluga.scheduler.framework.FilterResult;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import dev.beluga.scheduler.framework.SpreadConstraint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's PodTopologySpread filter for hard constraints (whenUnsatisfiable: DoNotSchedule).
 * Before the nodes are filtered it counts, per topology domain (node label key and value), the pods
 * in the pod's namespace, not being deleted, that the constraint's selector matches, over the nodes
 * that count (carrying every constraint's topology key and, by the inclusion policies, matching the
 * pod's node affinity and tolerating the node's taints). A node then fits when it carries the key and
 * {@code pods in its domain + (1 if the pod matches its own selector) - the smallest domain's count <= maxSkew},
 * the smallest count being 0 while there are fewer domains than minDomains. ScheduleAnyway
 * constraints (scoring) are not applied.
 */
public final class PodTopologySpreadPlugin implements FilterPlugin {
    public static final String REASON = "node(s) didn't match pod topology spread constraints";
    public static final String MISSING_LABEL_REASON = REASON + " (missing required label)";
    private static final FilterResult.Rejected REJECTED = FilterResult.rejected(REASON);
    private static final FilterResult.Rejected MISSING_LABEL = FilterResult.rejected(MISSING_LABEL_REASON);

    /** Pods counted per domain, and per topology key the number of domains and the smallest count. */
    public record State(Map<InterPodAffinityPlugin.TopologyPair, Integer> matching, Map<String, Integer> domains, Map<String, Integer> minimum) {}

    @Override
    public String name() {
        return "PodTopologySpread";
    }

    @Override
    public Optional<NodeFilter> filterFor(PodInfo pod, ClusterSnapshot cluster) {
        if (pod.hardSpreadConstraints().isEmpty()) return Optional.empty();
        State state = state(pod, cluster);
        return Optional.of(node -> filter(pod, state, node));
    }

    public static State state(PodInfo pod, ClusterSnapshot cluster) {
        List<SpreadConstraint> constraints = pod.hardSpreadConstraints();
        Map<InterPodAffinityPlugin.TopologyPair, Integer> matching = new HashMap<>();
        for (NodeInfo node : cluster.nodes()) {
            if (!hasEveryKey(node, constraints)) continue;
            for (SpreadConstraint c : constraints) {
                if (c.honorNodeAffinity() && !NodeAffinityPlugin.matchesNodeSelectorAndAffinity(pod, node)) continue;
                if (c.honorTaints() && !TaintTolerationPlugin.filter(pod, node).fits()) continue;
                var pair = new InterPodAffinityPlugin.TopologyPair(c.topologyKey(), node.labels().get(c.topologyKey()));
                matching.merge(pair, countMatching(node, c, pod.namespace()), Integer::sum);
            }
        }
        Map<String, Integer> domains = new HashMap<>();
        Map<String, Integer> minimum = new HashMap<>();
        for (Map.Entry<InterPodAffinityPlugin.TopologyPair, Integer> e : matching.entrySet()) {
            domains.merge(e.getKey().key(), 1, Integer::sum);
            minimum.merge(e.getKey().key(), e.getValue(), Math::min);
        }
        return new State(matching, domains, minimum);
    }

    private static boolean hasEveryKey(NodeInfo node, List<SpreadConstraint> constraints) {
        for (SpreadConstraint c : constraints) if (!node.labels().containsKey(c.topologyKey())) return false;
        return true;
    }

    private static int countMatching(NodeInfo node, SpreadConstraint c, String namespace) {
        int n = 0;
        for (PodInfo p : node.pods()) {
            if (!p.namespace().equals(namespace) || p.pod().getMetadata().getDeletionTimestamp() != null) continue;
            if (c.selector().matches(p.labels())) n++;
        }
        return n;
    }

    public static FilterResult filter(PodInfo pod, State state, NodeInfo node) {
        for (SpreadConstraint c : pod.hardSpreadConstraints()) {
            String value = node.labels().get(c.topologyKey());
            if (value == null) return MISSING_LABEL;
            int min = state.domains().getOrDefault(c.topologyKey(), 0) < c.minDomains() ? 0 : state.minimum().get(c.topologyKey());
            int self = c.selector().matches(pod.labels()) ? 1 : 0;
            int here = state.matching().getOrDefault(new InterPodAffinityPlugin.TopologyPair(c.topologyKey(), value), 0);
            if (here + self - min > c.maxSkew()) return REJECTED;
        }
        return FilterResult.FITS;
    }
}
