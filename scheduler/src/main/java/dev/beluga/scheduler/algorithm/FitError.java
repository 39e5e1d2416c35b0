package dev.beluga.scheduler.algorithm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Why no node fits (upstream's FitError): how many nodes were considered and, per reason, how many
 * nodes rejected the pod for it.
 */
public record FitError(int numAllNodes, Map<String, Integer> reasonCounts) {
    public FitError {
        reasonCounts = Map.copyOf(reasonCounts);
    }

    /**
     * Upstream's message: {@code 0/N nodes are available: <count> <reason>, ... .}, the
     * "count reason" strings sorted as strings (so "1 node(s)..." comes before "2 Insufficient cpu").
     */
    public String message() {
        StringBuilder sb = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
        List<String> parts = new ArrayList<>(reasonCounts.size());
        reasonCounts.forEach((reason, count) -> parts.add(count + " " + reason));
        Collections.sort(parts);
        if (!parts.isEmpty()) sb.append(' ').append(String.join(", ", parts)).append('.');
        return sb.toString();
    }
}
