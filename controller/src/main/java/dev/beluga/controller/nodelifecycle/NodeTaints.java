package dev.beluga.controller.nodelifecycle;

import dev.beluga.controller.Times;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The taints the node lifecycle controller keeps on a node, from its conditions, without I/O:
 * upstream's TaintNodesByCondition (NoSchedule: not-ready, unreachable, memory-pressure,
 * disk-pressure, pid-pressure, network-unavailable, unschedulable) and taint-based eviction
 * (NoExecute: not-ready when Ready=False, unreachable when Ready=Unknown, mutually exclusive, none
 * when Ready=True). Taints the controller does not own are never touched.
 */
public final class NodeTaints {
    public static final String NOT_READY = "node.kubernetes.io/not-ready";
    public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    public static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    public static final String MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
    public static final String DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
    public static final String PID_PRESSURE = "node.kubernetes.io/pid-pressure";
    public static final String NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";
    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String NO_EXECUTE = "NoExecute";

    /** condition type → (status → taint key), as upstream's nodeConditionToTaintKeyStatusMap. */
    private static final Map<String, Map<String, String>> CONDITION_TAINTS = Map.of(
            "Ready", Map.of("False", NOT_READY, "Unknown", UNREACHABLE),
            "MemoryPressure", Map.of("True", MEMORY_PRESSURE),
            "DiskPressure", Map.of("True", DISK_PRESSURE),
            "NetworkUnavailable", Map.of("True", NETWORK_UNAVAILABLE),
            "PIDPressure", Map.of("True", PID_PRESSURE));
    private static final List<String> NO_SCHEDULE_KEYS = List.of(NOT_READY, UNREACHABLE, MEMORY_PRESSURE, DISK_PRESSURE,
            NETWORK_UNAVAILABLE, PID_PRESSURE, UNSCHEDULABLE);

    private NodeTaints() {}

    /**
     * The controller's changes to a node's taints.
     *
     * @param rateLimited the change adds a NoExecute taint to a node that has none of the controller's:
     *                    upstream paces those per zone (a swap between not-ready and unreachable is not paced)
     */
    public record Change(List<Taint> add, List<Taint> remove, boolean rateLimited) {
        public boolean none() {
            return add.isEmpty() && remove.isEmpty();
        }

        /** The same change without its NoExecute additions (when the pacing says not yet). */
        public Change withoutNoExecuteAdditions() {
            return new Change(add.stream().filter(t -> !NO_EXECUTE.equals(t.getEffect())).toList(), remove, false);
        }
    }

    /**
     * What to change on the node. {@code evictionsStopped} (every zone fully disrupted: the control
     * plane, not the nodes, is likely the problem) asks for no NoExecute taints at all.
     */
    public static Change plan(Node node, boolean evictionsStopped) {
        List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        List<Taint> wanted = new ArrayList<>();
        List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null ? List.of() : node.getStatus().getConditions();
        for (NodeCondition c : conditions) {
            String key = CONDITION_TAINTS.getOrDefault(c.getType(), Map.of()).get(c.getStatus());
            if (key != null) wanted.add(taint(key, NO_SCHEDULE));
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) wanted.add(taint(UNSCHEDULABLE, NO_SCHEDULE));

        Optional<String> ready = NodeHealth.readyStatus(node);
        boolean noExecuteDecided = ready.isPresent() || evictionsStopped;
        if (!evictionsStopped && ready.isPresent()) {
            if ("False".equals(ready.get())) wanted.add(taint(NOT_READY, NO_EXECUTE));
            if ("Unknown".equals(ready.get())) wanted.add(taint(UNREACHABLE, NO_EXECUTE));
        }

        List<Taint> add = new ArrayList<>();
        List<Taint> remove = new ArrayList<>();
        for (Taint w : wanted) if (current.stream().noneMatch(c -> same(c, w))) add.add(w);
        for (Taint c : current) {
            boolean owned = NO_SCHEDULE.equals(c.getEffect()) && NO_SCHEDULE_KEYS.contains(c.getKey())
                    || noExecuteDecided && ownedNoExecute(c);
            if (owned && wanted.stream().noneMatch(w -> same(c, w))) remove.add(c);
        }
        boolean addsNoExecute = add.stream().anyMatch(t -> NO_EXECUTE.equals(t.getEffect()));
        boolean hadNoExecute = current.stream().anyMatch(NodeTaints::ownedNoExecute);
        return new Change(add, remove, addsNoExecute && !hadNoExecute);
    }

    /** The node's taints after the change; added taints carry {@code now} as timeAdded. */
    public static List<Taint> apply(List<Taint> current, Change change, Instant now) {
        List<Taint> out = new ArrayList<>();
        for (Taint c : current == null ? List.<Taint>of() : current) {
            if (change.remove().stream().noneMatch(r -> same(r, c))) out.add(c);
        }
        for (Taint a : change.add()) out.add(new TaintBuilder(a).withTimeAdded(Times.format(now)).build());
        return out;
    }

    static boolean ownedNoExecute(Taint t) {
        return NO_EXECUTE.equals(t.getEffect()) && (NOT_READY.equals(t.getKey()) || UNREACHABLE.equals(t.getKey()));
    }

    /** Same key and effect (values and timeAdded aside), as upstream's Taint.MatchTaint. */
    static boolean same(Taint a, Taint b) {
        return Objects.equals(a.getKey(), b.getKey()) && Objects.equals(a.getEffect(), b.getEffect());
    }

    private static Taint taint(String key, String effect) {
        return new TaintBuilder().withKey(key).withEffect(effect).build();
    }
}
