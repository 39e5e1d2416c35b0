package dev.beluga.scheduler.algorithm;

import dev.beluga.scheduler.framework.ClusterSnapshot;
import dev.beluga.scheduler.framework.FilterPlugin;
import dev.beluga.scheduler.framework.FilterResult;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import dev.beluga.scheduler.framework.ScorePlugin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One scheduling decision (upstream's schedulePod): filter nodes, starting where the previous
 * decision stopped, until enough feasible ones are found ({@link NodeSampling}); score those with
 * every score plugin (normalized to 0..100, times the plugin's weight); pick the best, breaking ties
 * uniformly at random. When nothing fits, the reasons of every node are counted into a
 * {@link FitError}.
 *
 * <p>Pure over its inputs except for the rotating start index and the random tie-break; one
 * scheduling thread uses an instance, and the caller keeps the NodeInfos still while it runs.
 */
public final class SchedulingAlgorithm {
    private final Profile profile;
    private final int percentageOfNodesToScore;
    private final RandomGenerator random;
    private int nextStartNodeIndex;

    public SchedulingAlgorithm(Profile profile, int percentageOfNodesToScore, RandomGenerator random) {
        this.profile = profile;
        this.percentageOfNodesToScore = percentageOfNodesToScore;
        this.random = random;
    }

    public ScheduleResult schedule(PodInfo pod, List<NodeInfo> nodes, ClusterSnapshot cluster) {
        int all = nodes.size();
        if (all == 0) return new ScheduleResult.Unschedulable(ScheduleResult.Unschedulable.NO_NODES);

        List<FilterPlugin.NodeFilter> filters = new ArrayList<>(profile.filters().size());
        for (FilterPlugin plugin : profile.filters()) plugin.filterFor(pod, cluster).ifPresent(filters::add);

        int toFind = NodeSampling.feasibleNodesToFind(percentageOfNodesToScore, all);
        NodeInfo[] feasible = new NodeInfo[toFind];
        int found = 0;
        Map<String, Integer> reasons = null;
        int start = nextStartNodeIndex % all;
        int processed = 0;
        while (processed < all && found < toFind) {
            NodeInfo node = nodes.get((start + processed) % all);
            processed++;
            FilterResult.Rejected rejected = firstRejection(filters, node);
            if (rejected == null) {
                feasible[found++] = node;
            } else {
                if (reasons == null) reasons = new HashMap<>();
                for (String reason : rejected.reasons()) reasons.merge(reason, 1, Integer::sum);
            }
        }
        nextStartNodeIndex = (start + processed) % all;

        if (found == 0) return ScheduleResult.Unschedulable.of(new FitError(all, reasons == null ? Map.of() : reasons));
        if (found == 1) return new ScheduleResult.Scheduled(feasible[0].name(), processed, 1);
        long[] totals = score(pod, feasible, found, cluster);
        return new ScheduleResult.Scheduled(feasible[selectBest(totals, found)].name(), processed, found);
    }

    private static FilterResult.Rejected firstRejection(List<FilterPlugin.NodeFilter> filters, NodeInfo node) {
        for (int i = 0, n = filters.size(); i < n; i++) {
            if (filters.get(i).filter(node) instanceof FilterResult.Rejected r) return r;
        }
        return null;
    }

    /** The weighted sum of every score plugin's normalized score, per feasible node. */
    long[] score(PodInfo pod, NodeInfo[] feasible, int count, ClusterSnapshot cluster) {
        long[] totals = new long[count];
        long[] scores = new long[count];
        for (ScorePlugin plugin : profile.scores()) {
            Optional<ScorePlugin.NodeScorer> scorer = plugin.scorerFor(pod, cluster);
            if (scorer.isEmpty()) continue;
            ScorePlugin.NodeScorer s = scorer.get();
            for (int i = 0; i < count; i++) scores[i] = s.score(feasible[i]);
            s.normalize(scores, count);
            int weight = plugin.weight();
            for (int i = 0; i < count; i++) totals[i] += scores[i] * weight;
        }
        return totals;
    }

    /** Upstream's selectHost: the highest total, a tie broken uniformly at random (reservoir sampling). */
    int selectBest(long[] totals, int count) {
        int best = 0;
        int ties = 1;
        for (int i = 1; i < count; i++) {
            if (totals[i] > totals[best]) {
                best = i;
                ties = 1;
            } else if (totals[i] == totals[best]) {
                ties++;
                if (random.nextInt(ties) == 0) best = i;
            }
        }
        return best;
    }
}
