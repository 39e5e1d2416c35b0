package dev.beluga.scheduler.plugins;

import dev.beluga.scheduler.framework.ClusterSnapshot;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import dev.beluga.scheduler.framework.ScorePlugin;
import java.util.Optional;

/**
 * Upstream's NodeResourcesBalancedAllocation: favours nodes whose cpu and memory would be used in
 * equal shares once the pod is added: score = (1 - |cpuFraction - memoryFraction| / 2) * 100, each
 * fraction being requested (actual requests, not defaulted) over allocatable, capped at 1.
 * Best-effort pods (no cpu or memory request) are not scored, as upstream, so they do not all pile
 * onto one node.
 */
public final class BalancedAllocationPlugin implements ScorePlugin {
    private final int weight;

    public BalancedAllocationPlugin(int weight) {
        this.weight = weight;
    }

    @Override
    public String name() {
        return "NodeResourcesBalancedAllocation";
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public Optional<NodeScorer> scorerFor(PodInfo pod, ClusterSnapshot cluster) {
        if (pod.requests().milliCpu() == 0 && pod.requests().memory() == 0) return Optional.empty();
        return Optional.of(node -> score(pod, node));
    }

    public static long score(PodInfo pod, NodeInfo node) {
        long cpuAlloc = node.allocatableMilliCpu();
        long memAlloc = node.allocatableMemory();
        if (cpuAlloc == 0 || memAlloc == 0) {
            // Fewer than two resources to compare: upstream's standard deviation is zero.
            return MAX_SCORE;
        }
        double cpu = Math.min(1.0, (double) (node.requestedMilliCpu() + pod.requests().milliCpu()) / cpuAlloc);
        double mem = Math.min(1.0, (double) (node.requestedMemory() + pod.requests().memory()) / memAlloc);
        double std = Math.abs((cpu - mem) / 2);
        return (long) ((1 - std) * MAX_SCORE);
    }
}
