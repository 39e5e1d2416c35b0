package dev.beluga.scheduler.plugins;

import dev.beluga.scheduler.framework.ClusterSnapshot;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import dev.beluga.scheduler.framework.ScorePlugin;
import java.util.Optional;

/**
 * Upstream's NodeResourcesFit score with the LeastAllocated strategy (cpu and memory, weight 1
 * each): for each resource, the share of allocatable left free once the pod is added, counting
 * container requests that are missing as upstream's defaults (non-zero requests), averaged.
 */
public final class LeastAllocatedPlugin implements ScorePlugin {
    private final int weight;

    public LeastAllocatedPlugin(int weight) {
        this.weight = weight;
    }

    @Override
    public String name() {
        return "NodeResourcesFit";
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public Optional<NodeScorer> scorerFor(PodInfo pod, ClusterSnapshot cluster) {
        return Optional.of(node -> score(pod, node));
    }

    public static long score(PodInfo pod, NodeInfo node) {
        long cpuAlloc = node.allocatableMilliCpu();
        long memAlloc = node.allocatableMemory();
        long sum = 0;
        long weights = 0;
        if (cpuAlloc != 0) {
            sum += leastRequested(node.nonZeroMilliCpu() + pod.nonZeroRequests().milliCpu(), cpuAlloc);
            weights++;
        }
        if (memAlloc != 0) {
            sum += leastRequested(node.nonZeroMemory() + pod.nonZeroRequests().memory(), memAlloc);
            weights++;
        }
        return weights == 0 ? 0 : sum / weights;
    }

    /** Upstream's leastRequestedScore: (capacity - requested) * 100 / capacity, 0 when over capacity. */
    static long leastRequested(long requested, long capacity) {
        if (capacity == 0 || requested > capacity) return 0;
        return (capacity - requested) * MAX_SCORE / capacity;
    }
}
