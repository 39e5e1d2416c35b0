package dev.beluga.controller.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's zone disruption states, without I/O: how many of a zone's nodes are not Ready decides
 * how fast nodes there may be tainted for eviction; when every zone is fully disrupted, nothing is
 * evicted at all (the likelier culprit is the control plane or the network, and evicting everything
 * would not help).
 */
public final class ZoneDisruption {
    public static final String EXCLUDE_LABEL = "node.kubernetes.io/exclude-disruption";

    public enum State { NORMAL, PARTIAL_DISRUPTION, FULL_DISRUPTION }

    /** One zone's count of Ready and not-Ready nodes, and the state they make. */
    public record Zone(int ready, int notReady, State state) {
        public int size() {
            return ready + notReady;
        }
    }

    private ZoneDisruption() {}

    /** Upstream's zone key: region and zone from the topology labels ("" for nodes without them). */
    public static String zoneOf(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        String region = labels.getOrDefault("topology.kubernetes.io/region", labels.getOrDefault("failure-domain.beta.kubernetes.io/region", ""));
        String zone = labels.getOrDefault("topology.kubernetes.io/zone", labels.getOrDefault("failure-domain.beta.kubernetes.io/zone", ""));
        return region.isEmpty() && zone.isEmpty() ? "" : region + ":\u0000:" + zone;
    }

    /** ComputeZoneState: no Ready node is full disruption; at least 3 and the threshold's share not Ready is partial. */
    public static State state(int ready, int notReady, double unhealthyThreshold) {
        if (ready == 0 && notReady > 0) return State.FULL_DISRUPTION;
        if (notReady > 2 && (double) notReady / (notReady + ready) >= unhealthyThreshold) return State.PARTIAL_DISRUPTION;
        return State.NORMAL;
    }

    /** Each zone's state over the nodes not excluded from disruption checks. */
    public static Map<String, Zone> zones(List<Node> nodes, double unhealthyThreshold) {
        Map<String, int[]> counts = new HashMap<>();
        for (Node n : nodes) {
            if (n.getMetadata().getLabels() != null && n.getMetadata().getLabels().containsKey(EXCLUDE_LABEL)) continue;
            int[] c = counts.computeIfAbsent(zoneOf(n), z -> new int[2]);
            if (NodeHealth.readyStatus(n).filter("True"::equals).isPresent()) c[0]++;
            else c[1]++;
        }
        Map<String, Zone> out = new HashMap<>();
        counts.forEach((zone, c) -> out.put(zone, new Zone(c[0], c[1], state(c[0], c[1], unhealthyThreshold))));
        return out;
    }

    /** Every zone is fully disrupted (and there is at least one): evictions stop. */
    public static boolean allFullyDisrupted(Map<String, Zone> zones) {
        return !zones.isEmpty() && zones.values().stream().allMatch(z -> z.state() == State.FULL_DISRUPTION);
    }

    /** Nodes per second that may be tainted in a zone of this state and size. */
    public static double taintRate(State state, int zoneSize, NodeLifecycleSettings settings) {
        return switch (state) {
            case NORMAL, FULL_DISRUPTION -> settings.evictionRate();
            case PARTIAL_DISRUPTION -> zoneSize > settings.largeClusterThreshold() ? settings.secondaryEvictionRate() : 0;
        };
    }
}
