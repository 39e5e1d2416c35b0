package dev.beluga.scheduler.algorithm;

import dev.beluga.scheduler.framework.FilterPlugin;
import dev.beluga.scheduler.framework.ScorePlugin;
import dev.beluga.scheduler.plugins.BalancedAllocationPlugin;
import dev.beluga.scheduler.plugins.ControllerSpreadPlugin;
import dev.beluga.scheduler.plugins.InterPodAffinityPlugin;
import dev.beluga.scheduler.plugins.LeastAllocatedPlugin;
import dev.beluga.scheduler.plugins.NodeAffinityPlugin;
import dev.beluga.scheduler.plugins.NodeNamePlugin;
import dev.beluga.scheduler.plugins.NodePortsPlugin;
import dev.beluga.scheduler.plugins.NodeResourcesFitPlugin;
import dev.beluga.scheduler.plugins.NodeUnschedulablePlugin;
import dev.beluga.scheduler.plugins.PodTopologySpreadPlugin;
import dev.beluga.scheduler.plugins.TaintTolerationPlugin;
import java.util.List;

/**
 * The plugins one scheduler profile runs, in order. Filters stop at the first rejection per node, so
 * the order decides which reason a node contributes to the failure message.
 */
public record Profile(String schedulerName, List<FilterPlugin> filters, List<ScorePlugin> scores) {
    public static final String DEFAULT_SCHEDULER = "default-scheduler";

    /** Upstream's default plugin order and score weights (TaintToleration 3, NodeAffinity 2, spreading 2, resources 1 each). */
    public static Profile defaults() {
        TaintTolerationPlugin taints = new TaintTolerationPlugin(3);
        NodeAffinityPlugin nodeAffinity = new NodeAffinityPlugin(2);
        return new Profile(DEFAULT_SCHEDULER,
                List.of(new NodeUnschedulablePlugin(), new NodeNamePlugin(), taints, nodeAffinity, new NodePortsPlugin(),
                        new NodeResourcesFitPlugin(), new PodTopologySpreadPlugin(), new InterPodAffinityPlugin()),
                List.of(taints, nodeAffinity, new LeastAllocatedPlugin(1), new BalancedAllocationPlugin(1), new ControllerSpreadPlugin(2)));
    }
}
