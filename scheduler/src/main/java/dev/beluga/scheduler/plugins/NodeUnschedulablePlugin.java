package dev.beluga.scheduler.plugins;

import dev.beluga.scheduler.framework.ClusterSnapshot;
import dev.beluga.scheduler.framework.FilterPlugin;
import dev.beluga.scheduler.framework.FilterResult;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.Optional;

/**
 * Upstream's NodeUnschedulable filter: a cordoned node (spec.unschedulable) takes only pods that
 * tolerate the node.kubernetes.io/unschedulable:NoSchedule taint.
 */
public final class NodeUnschedulablePlugin implements FilterPlugin {
    public static final String REASON = "node(s) were unschedulable";
    private static final FilterResult.Rejected REJECTED = FilterResult.rejected(REASON);
    private static final Taint UNSCHEDULABLE = new TaintBuilder().withKey("node.kubernetes.io/unschedulable").withEffect("NoSchedule").build();

    @Override
    public String name() {
        return "NodeUnschedulable";
    }

    @Override
    public Optional<NodeFilter> filterFor(PodInfo pod, ClusterSnapshot cluster) {
        if (Tolerations.anyTolerates(pod.tolerations(), UNSCHEDULABLE)) return Optional.empty();
        return Optional.of(node -> node.unschedulable() ? REJECTED : FilterResult.FITS);
    }

    public static FilterResult filter(PodInfo pod, NodeInfo node) {
        if (!node.unschedulable() || Tolerations.anyTolerates(pod.tolerations(), UNSCHEDULABLE)) return FilterResult.FITS;
        return REJECTED;
    }
}
