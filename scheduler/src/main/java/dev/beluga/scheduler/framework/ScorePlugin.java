package dev.beluga.scheduler.framework;

import java.util.Optional;

/**
 * A score (upstream's Score extension point, with PreScore and NormalizeScore): how good a feasible
 * node is for a pod. Scores end up in 0..100 per plugin and are summed times {@link #weight()}.
 * Empty from {@link #scorerFor} means the plugin does not score this pod (upstream's Skip).
 */
public interface ScorePlugin {
    /** Upstream's MaxNodeScore. */
    long MAX_SCORE = 100;

    String name();

    int weight();

    Optional<NodeScorer> scorerFor(PodInfo pod, ClusterSnapshot cluster);

    interface NodeScorer {
        long score(NodeInfo node);

        /** Turns the raw scores of the first {@code count} entries into 0..100, in place. Default: they already are. */
        default void normalize(long[] scores, int count) {}
    }

    /**
     * Upstream's DefaultNormalizeScore: scales so the highest raw score becomes 100 (with
     * {@code reverse}, the highest becomes 0 and the lowest 100); all zero stays zero, or becomes
     * 100 everywhere when reversed.
     */
    static void normalizeToMax(long[] scores, int count, boolean reverse) {
        long max = 0;
        for (int i = 0; i < count; i++) max = Math.max(max, scores[i]);
        if (max == 0) {
            if (reverse) for (int i = 0; i < count; i++) scores[i] = MAX_SCORE;
            return;
        }
        for (int i = 0; i < count; i++) {
            long s = MAX_SCORE * scores[i] / max;
            scores[i] = reverse ? MAX_SCORE - s : s;
        }
    }
}
