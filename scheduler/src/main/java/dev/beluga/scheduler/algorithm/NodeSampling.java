package dev.beluga.scheduler.algorithm;

/**
 * Upstream's numFeasibleNodesToFind: in a large cluster the scheduler stops filtering once it has
 * found enough feasible nodes to choose well, a share that shrinks as the cluster grows
 * (50% - nodes/125, never below 5%) but never fewer than 100 nodes.
 */
public final class NodeSampling {
    static final int MIN_FEASIBLE_NODES = 100;
    static final int MIN_PERCENTAGE = 5;

    private NodeSampling() {}

    /** @param percentageOfNodesToScore 0 = adaptive (upstream's default), otherwise a fixed share in percent */
    public static int feasibleNodesToFind(int percentageOfNodesToScore, int allNodes) {
        if (allNodes < MIN_FEASIBLE_NODES || percentageOfNodesToScore >= 100) return allNodes;
        int percentage = percentageOfNodesToScore;
        if (percentage <= 0) {
            percentage = 50 - allNodes / 125;
            if (percentage < MIN_PERCENTAGE) percentage = MIN_PERCENTAGE;
        }
        int nodes = (int) ((long) allNodes * percentage / 100);
        return Math.max(nodes, MIN_FEASIBLE_NODES);
    }
}
