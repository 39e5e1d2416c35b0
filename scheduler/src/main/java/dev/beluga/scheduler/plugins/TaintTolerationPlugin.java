package dev.beluga.scheduler.plugins;

import dev.beluga.scheduler.framework.ClusterSnapshot;
import dev.beluga.scheduler.framework.FilterPlugin;
import dev.beluga.scheduler.framework.FilterResult;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import dev.beluga.scheduler.framework.ScorePlugin;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's TaintToleration. Filter: the first NoSchedule or NoExecute taint the pod does not
 * tolerate rejects the node, named in the reason. Score: the number of PreferNoSchedule taints the
 * pod does not tolerate (counting only tolerations for PreferNoSchedule or any effect), reversed so
 * fewer such taints score higher.
 */
public final class TaintTolerationPlugin implements FilterPlugin, ScorePlugin {
    private final int weight;

    public TaintTolerationPlugin(int weight) {
        this.weight = weight;
    }

    @Override
    public String name() {
        return "TaintToleration";
    }

    @Override
    public int weight() {
        return weight;
    }

    /** Upstream's reason: {@code node(s) had untolerated taint {key: value}}. */
    public static String reason(Taint taint) {
        return "node(s) had untolerated taint {" + Tolerations.nullToEmpty(taint.getKey()) + ": " + Tolerations.nullToEmpty(taint.getValue()) + "}";
    }

    @Override
    public Optional<FilterPlugin.NodeFilter> filterFor(PodInfo pod, ClusterSnapshot cluster) {
        return Optional.of(node -> filter(pod, node));
    }

    public static FilterResult filter(PodInfo pod, NodeInfo node) {
        for (Taint taint : node.taints()) {
            String effect = taint.getEffect();
            if (!"NoSchedule".equals(effect) && !"NoExecute".equals(effect)) continue;
            if (!Tolerations.anyTolerates(pod.tolerations(), taint)) return FilterResult.rejected(reason(taint));
        }
        return FilterResult.FITS;
    }

    @Override
    public Optional<NodeScorer> scorerFor(PodInfo pod, ClusterSnapshot cluster) {
        List<Toleration> preferNoSchedule = preferNoScheduleTolerations(pod);
        return Optional.of(new NodeScorer() {
            @Override
            public long score(NodeInfo node) {
                return intolerablePreferNoScheduleTaints(preferNoSchedule, node);
            }

            @Override
            public void normalize(long[] scores, int count) {
                ScorePlugin.normalizeToMax(scores, count, true);
            }
        });
    }

    /** The tolerations that count for PreferNoSchedule taints: those for that effect or for any effect. */
    public static List<Toleration> preferNoScheduleTolerations(PodInfo pod) {
        List<Toleration> out = new ArrayList<>();
        for (Toleration t : pod.tolerations()) {
            if (t.getEffect() == null || t.getEffect().isEmpty() || "PreferNoSchedule".equals(t.getEffect())) out.add(t);
        }
        return out;
    }

    /** The raw score: how many PreferNoSchedule taints of the node none of these tolerations tolerates. */
    public static long intolerablePreferNoScheduleTaints(List<Toleration> tolerations, NodeInfo node) {
        long count = 0;
        for (Taint taint : node.taints()) {
            if ("PreferNoSchedule".equals(taint.getEffect()) && !Tolerations.anyTolerates(tolerations, taint)) count++;
        }
        return count;
    }
}
