package dev.beluga.scheduler.plugins;

import dev.beluga.scheduler.framework.AffinityTerm;
import dev.beluga.scheduler.framework.ClusterSnapshot;
import dev.beluga.scheduler.framework.FilterPlugin;
import dev.beluga.scheduler.framework.FilterResult;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's InterPodAffinity filter for required terms. Before the nodes are filtered it counts, per
 * topology pair (node label key and value), (1) existing pods whose required anti-affinity terms
 * select the incoming pod, (2) existing pods that match all of the incoming pod's affinity terms and
 * (3) existing pods that match one of its anti-affinity terms. A node then fails when it is in the
 * same topology as (1) or (3), or, for affinity, not in a topology with (2) (unless nothing in the
 * cluster matches and the pod matches its own terms: the first pod of a group that wants itself).
 * Preferred terms are not scored.
 */
public final class InterPodAffinityPlugin implements FilterPlugin {
    public static final String AFFINITY_REASON = "node(s) didn't match pod affinity rules";
    public static final String ANTI_AFFINITY_REASON = "node(s) didn't match pod anti-affinity rules";
    public static final String EXISTING_ANTI_AFFINITY_REASON = "node(s) didn't satisfy existing pods anti-affinity rules";
    private static final FilterResult.Rejected AFFINITY = FilterResult.rejected(AFFINITY_REASON);
    private static final FilterResult.Rejected ANTI_AFFINITY = FilterResult.rejected(ANTI_AFFINITY_REASON);
    private static final FilterResult.Rejected EXISTING_ANTI_AFFINITY = FilterResult.rejected(EXISTING_ANTI_AFFINITY_REASON);

    /** A node label key and value: one topology domain. */
    public record TopologyPair(String key, String value) {}

    /** What the filter needs to know about the cluster for one pod (upstream's preFilterState). */
    public record State(Map<TopologyPair, Integer> existingAntiAffinity, Map<TopologyPair, Integer> affinity,
                        Map<TopologyPair, Integer> antiAffinity, boolean podMatchesOwnAffinity) {
        boolean isEmpty() {
            return existingAntiAffinity.isEmpty() && affinity.isEmpty() && antiAffinity.isEmpty();
        }
    }

    private static final State EMPTY = new State(Map.of(), Map.of(), Map.of(), false);

    @Override
    public String name() {
        return "InterPodAffinity";
    }

    @Override
    public Optional<NodeFilter> filterFor(PodInfo pod, ClusterSnapshot cluster) {
        State state = state(pod, cluster);
        if (state.isEmpty() && pod.requiredAffinityTerms().isEmpty()) return Optional.empty();
        return Optional.of(node -> filter(pod, state, node));
    }

    public static State state(PodInfo pod, ClusterSnapshot cluster) {
        var antiAffinityNodes = cluster.nodesWithRequiredAntiAffinityPods();
        if (antiAffinityNodes.isEmpty() && !pod.hasRequiredPodAffinity()) return EMPTY; // the common case, kept cheap
        Map<String, String> podNamespaceLabels = cluster.namespaceLabels(pod.namespace());
        Map<TopologyPair, Integer> existing = new HashMap<>();
        for (NodeInfo node : antiAffinityNodes) {
            for (PodInfo existingPod : node.podsWithRequiredAntiAffinity()) {
                for (AffinityTerm term : existingPod.requiredAntiAffinityTerms()) {
                    if (term.matches(pod, podNamespaceLabels)) count(existing, node, term.topologyKey());
                }
            }
        }
        Map<TopologyPair, Integer> affinity = new HashMap<>();
        Map<TopologyPair, Integer> antiAffinity = new HashMap<>();
        if (pod.hasRequiredPodAffinity()) {
            Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
            for (NodeInfo node : cluster.nodes()) {
                for (PodInfo existingPod : node.pods()) {
                    Map<String, String> nsLabels = namespaceLabels.computeIfAbsent(existingPod.namespace(), cluster::namespaceLabels);
                    if (matchesAll(existingPod, nsLabels, pod.requiredAffinityTerms())) {
                        for (AffinityTerm term : pod.requiredAffinityTerms()) count(affinity, node, term.topologyKey());
                    }
                    for (AffinityTerm term : pod.requiredAntiAffinityTerms()) {
                        if (term.matches(existingPod, nsLabels)) count(antiAffinity, node, term.topologyKey());
                    }
                }
            }
        }
        return new State(existing, affinity, antiAffinity, matchesAll(pod, podNamespaceLabels, pod.requiredAffinityTerms()));
    }

    private static void count(Map<TopologyPair, Integer> counts, NodeInfo node, String topologyKey) {
        String value = node.labels().get(topologyKey);
        if (value != null) counts.merge(new TopologyPair(topologyKey, value), 1, Integer::sum);
    }

    private static boolean matchesAll(PodInfo pod, Map<String, String> nsLabels, List<AffinityTerm> terms) {
        if (terms.isEmpty()) return false;
        for (AffinityTerm t : terms) if (!t.matches(pod, nsLabels)) return false;
        return true;
    }

    public static FilterResult filter(PodInfo pod, State state, NodeInfo node) {
        Map<String, String> labels = node.labels();
        if (!satisfiesAffinity(pod.requiredAffinityTerms(), state, labels)) return AFFINITY;
        for (AffinityTerm term : pod.requiredAntiAffinityTerms()) {
            String value = labels.get(term.topologyKey());
            if (value != null && state.antiAffinity().getOrDefault(new TopologyPair(term.topologyKey(), value), 0) > 0) return ANTI_AFFINITY;
        }
        if (!state.existingAntiAffinity().isEmpty()) {
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (state.existingAntiAffinity().getOrDefault(new TopologyPair(label.getKey(), label.getValue()), 0) > 0) {
                    return EXISTING_ANTI_AFFINITY;
                }
            }
        }
        return FilterResult.FITS;
    }

    private static boolean satisfiesAffinity(List<AffinityTerm> terms, State state, Map<String, String> labels) {
        boolean podsExist = true;
        for (AffinityTerm term : terms) {
            String value = labels.get(term.topologyKey());
            // Every topology label must exist on the node.
            if (value == null) return false;
            if (state.affinity().getOrDefault(new TopologyPair(term.topologyKey(), value), 0) <= 0) podsExist = false;
        }
        // The first pod of a series with affinity to itself may go to any node with the topology labels.
        return podsExist || state.affinity().isEmpty() && state.podMatchesOwnAffinity();
    }
}
