package dev.beluga.controller.nodelifecycle;

import dev.beluga.controller.Times;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's tryUpdateNodeHealth, without I/O. A node's health signal is its Lease's renewTime and
 * its Ready condition's lastHeartbeatTime; like upstream, the controller does not compare those
 * timestamps with its own clock (nodes' clocks may be skewed) but remembers when it last saw either
 * change ({@link Probe#probedAt()}). Past the grace period without a change, Ready, MemoryPressure,
 * DiskPressure and PIDPressure become Unknown.
 */
public final class NodeHealth {
    public static final String READY = "Ready";
    static final List<String> MONITORED = List.of(READY, "MemoryPressure", "DiskPressure", "PIDPressure");

    private NodeHealth() {}

    /**
     * What the controller last saw of a node's heartbeat, and when (its own clock).
     *
     * @param readyHeartbeat the Ready condition's lastHeartbeatTime ("" without a Ready condition)
     * @param leaseRenewal   the latest Lease renewTime seen
     */
    public record Probe(Instant probedAt, String readyHeartbeat, Optional<Instant> leaseRenewal) {}

    /** The node's conditions after the check, and whether they differ from the node's. */
    public record Verdict(List<NodeCondition> conditions, boolean changed) {}

    /** Updates what was last seen: a new Ready heartbeat or a newer Lease renewal is a probe now. */
    public static Probe observe(Optional<Probe> previous, Node node, Optional<Lease> lease, Instant now) {
        Optional<NodeCondition> ready = condition(node, READY);
        String heartbeat = ready.map(NodeCondition::getLastHeartbeatTime).orElse("");
        Optional<Instant> renewal = lease.flatMap(l -> Optional.ofNullable(l.getSpec() == null ? null : l.getSpec().getRenewTime()))
                .map(t -> t.toInstant());
        Instant probedAt;
        if (previous.isEmpty()) {
            // Never seen: a node that never posted Ready counts from its creation, any other from now.
            probedAt = ready.isEmpty() ? Times.parse(node.getMetadata().getCreationTimestamp()).orElse(now) : now;
        } else {
            Probe p = previous.get();
            boolean heartbeatMoved = ready.isPresent() && !heartbeat.equals(p.readyHeartbeat());
            probedAt = heartbeatMoved ? now : p.probedAt();
        }
        Optional<Instant> previousRenewal = previous.flatMap(Probe::leaseRenewal);
        boolean renewed = renewal.isPresent() && (previousRenewal.isEmpty() || renewal.get().isAfter(previousRenewal.get()));
        if (renewed) probedAt = now;
        return new Probe(probedAt, heartbeat, renewed ? renewal : previousRenewal);
    }

    /**
     * The node's conditions once the probe is judged: unchanged while the last probe is within the
     * grace period (the startup grace period for a node that never posted Ready); past it, each
     * monitored condition that is not Unknown yet becomes Unknown (reason NodeStatusUnknown, "Kubelet
     * stopped posting node status."), and a missing one is added as Unknown (NodeStatusNeverUpdated).
     */
    public static Verdict evaluate(Node node, Probe probe, Instant now, Duration grace, Duration startupGrace) {
        List<NodeCondition> current = node.getStatus() == null || node.getStatus().getConditions() == null
                ? List.of() : node.getStatus().getConditions();
        Duration allowed = condition(node, READY).isEmpty() ? startupGrace : grace;
        if (!now.isAfter(probe.probedAt().plus(allowed))) return new Verdict(current, false);
        String at = Times.format(now);
        List<NodeCondition> next = new ArrayList<>();
        boolean changed = false;
        for (NodeCondition c : current) {
            if (MONITORED.contains(c.getType()) && !"Unknown".equals(c.getStatus())) {
                next.add(new NodeConditionBuilder(c).withStatus("Unknown").withReason("NodeStatusUnknown")
                        .withMessage("Kubelet stopped posting node status.").withLastTransitionTime(at).build());
                changed = true;
            } else {
                next.add(c);
            }
        }
        for (String type : MONITORED) {
            if (current.stream().noneMatch(c -> type.equals(c.getType()))) {
                next.add(new NodeConditionBuilder().withType(type).withStatus("Unknown").withReason("NodeStatusNeverUpdated")
                        .withMessage("Kubelet never posted node status.").withLastHeartbeatTime(node.getMetadata().getCreationTimestamp())
                        .withLastTransitionTime(at).build());
                changed = true;
            }
        }
        return new Verdict(next, changed);
    }

    public static Optional<NodeCondition> condition(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) return Optional.empty();
        return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** The Ready condition's status: "True", "False", "Unknown", or empty without one. */
    public static Optional<String> readyStatus(Node node) {
        return condition(node, READY).map(NodeCondition::getStatus);
    }
}
