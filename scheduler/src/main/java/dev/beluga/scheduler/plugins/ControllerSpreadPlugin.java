package dev.beluga.scheduler.plugins;

import dev.beluga.scheduler.framework.ClusterSnapshot;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import dev.beluga.scheduler.framework.ScorePlugin;
import java.util.Map;
import java.util.Optional;

/**
 * Spreads the pods of one controller (the owner reference marked controller: a ReplicaSet, a
 * StatefulSet, ...) across nodes, the job upstream's SelectorSpread did and PodTopologySpread's
 * default constraints now do: the raw score is how many of the controller's pods a node already has,
 * reversed so the emptiest nodes score 100. Pods without a controller are not scored.
 */
public final class ControllerSpreadPlugin implements ScorePlugin {
    private final int weight;

    public ControllerSpreadPlugin(int weight) {
        this.weight = weight;
    }

    @Override
    public String name() {
        return "SelectorSpread";
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public Optional<NodeScorer> scorerFor(PodInfo pod, ClusterSnapshot cluster) {
        if (pod.controllerUid().isEmpty()) return Optional.empty();
        Map<NodeInfo, Integer> counts = cluster.podsOfControllerByNode(pod.controllerUid().get());
        return Optional.of(new NodeScorer() {
            @Override
            public long score(NodeInfo node) {
                return counts.isEmpty() ? 0 : counts.getOrDefault(node, 0);
            }

            @Override
            public void normalize(long[] scores, int count) {
                ScorePlugin.normalizeToMax(scores, count, true);
            }
        });
    }
}
