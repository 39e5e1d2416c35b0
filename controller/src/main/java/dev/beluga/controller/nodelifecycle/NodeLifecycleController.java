package dev.beluga.controller.nodelifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.Patch;
import dev.beluga.client.control.ReconcileLoop;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.client.informer.SharedInformer;
import dev.beluga.client.queue.WorkQueue;
import dev.beluga.controller.Times;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's node lifecycle controller:
 *
 * <ul>
 *   <li>every monitor period, each node's heartbeat (its Lease in kube-node-lease, its Ready
 *       condition) is judged ({@link NodeHealth}); a node silent past the grace period gets its
 *       conditions set to Unknown, and its pods are marked not Ready;</li>
 *   <li>on every change of a node's conditions, the controller's taints follow them
 *       ({@link NodeTaints}): the NoSchedule ones at once, the NoExecute ones (which evict) paced
 *       per zone, and none at all while every zone is fully disrupted;</li>
 * </ul>
 *
 * <p>The pods those NoExecute taints evict are deleted by {@link TaintEvictionController}, a separate
 * controller as upstream's (SeparateTaintEvictionController): start both.
 */
public final class NodeLifecycleController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeLifecycleController.class);
    public static final String NODE_LEASE_NAMESPACE = "kube-node-lease";
    private static final int WORKERS = 2;

    private final Client client;
    private final EventRecorder events;
    private final NodeLifecycleSettings settings;
    private final Clock clock;
    private final SharedInformer<Node> nodes;
    private final SharedInformer<Lease> leases;
    private final SharedInformer<Pod> pods;
    private final WorkQueue<String> taintQueue = WorkQueue.withDefaultBackoff("node-taints");
    private final TaintPacer pacer = new TaintPacer();
    private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("node-lifecycle-monitor").factory());
    private final ReconcileLoop<String> taintLoop;
    /** Touched by the monitor thread only. */
    private final Map<String, NodeHealth.Probe> probes = new HashMap<>();
    private final Set<String> known = new HashSet<>();
    private volatile boolean evictionsStopped;

    private NodeLifecycleController(Client client, InformerFactory informers, EventRecorder events, NodeLifecycleSettings settings, Clock clock) {
        this.client = client;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.nodes = informers.informer(Kind.NODES);
        this.leases = informers.informer(Kind.LEASES, NODE_LEASE_NAMESPACE, "", "");
        this.pods = informers.informer(Kind.PODS);
        pods.addIndex(TaintEvictionController.NODE_NAME_INDEX, TaintEvictionController::nodeNameIndex);
        nodes.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(Node node) {
                taintQueue.add(node.getMetadata().getName());
            }

            @Override
            public void onUpdate(Node previous, Node node) {
                if (taintInputsChanged(previous, node)) taintQueue.add(node.getMetadata().getName());
            }
        });
        this.taintLoop = ReconcileLoop.start("node-taints", taintQueue, WORKERS, this::reconcileTaints);
        long period = settings.monitorPeriod().toMillis();
        monitor.scheduleWithFixedDelay(this::monitorPass, period, period, TimeUnit.MILLISECONDS);
    }

    public static NodeLifecycleController start(Client client, InformerFactory informers, EventRecorder events, NodeLifecycleSettings settings) {
        return new NodeLifecycleController(client, informers, events, settings, Clock.systemUTC());
    }

    /** Condition statuses, taints and unschedulable: what the controller's taints follow (heartbeats alone are not). */
    private static boolean taintInputsChanged(Node a, Node b) {
        return !conditionStatuses(a).equals(conditionStatuses(b))
                || !Objects.equals(taints(a), taints(b))
                || !Objects.equals(a.getSpec() == null ? null : a.getSpec().getUnschedulable(), b.getSpec() == null ? null : b.getSpec().getUnschedulable())
                || !ZoneDisruption.zoneOf(a).equals(ZoneDisruption.zoneOf(b));
    }

    private static List<Taint> taints(Node n) {
        return n.getSpec() == null || n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints();
    }

    private static Map<String, String> conditionStatuses(Node n) {
        if (n.getStatus() == null || n.getStatus().getConditions() == null) return Map.of();
        return n.getStatus().getConditions().stream().collect(Collectors.toMap(NodeCondition::getType, c -> String.valueOf(c.getStatus()), (x, y) -> y));
    }

    // ---------------------------------------------------------------- health

    private void monitorPass() {
        if (!nodes.hasSynced() || !leases.hasSynced() || !pods.hasSynced()) return;
        try {
            monitorNodeHealth();
        } catch (RuntimeException e) {
            log.warn("node health pass failed, the next one retries: {}", e.getMessage());
        }
    }

    private void monitorNodeHealth() {
        Instant now = clock.instant();
        List<Node> all = nodes.lister().list();
        Set<String> names = new HashSet<>();
        for (Node node : all) {
            String name = node.getMetadata().getName();
            names.add(name);
            if (known.add(name)) events.normal(node, "RegisteredNode", "Registered Node " + name + " in Controller");
            Optional<Lease> lease = leases.lister().get(NODE_LEASE_NAMESPACE, name);
            NodeHealth.Probe probe = NodeHealth.observe(Optional.ofNullable(probes.get(name)), node, lease, now);
            probes.put(name, probe);
            NodeHealth.Verdict verdict = NodeHealth.evaluate(node, probe, now, settings.monitorGracePeriod(), settings.startupGracePeriod());
            if (!verdict.changed()) continue;
            boolean wasReady = NodeHealth.readyStatus(node).filter("True"::equals).isPresent();
            Node copy = new NodeBuilder(node).build();
            if (copy.getStatus() == null) copy.setStatus(new NodeStatus());
            copy.getStatus().setConditions(verdict.conditions());
            try {
                client.updateStatus(Kind.NODES, copy);
                log.info("node {} stopped posting status: conditions now Unknown", name);
            } catch (StatusException e) {
                // 409: the node changed meanwhile (likely its kubelet posting): judge it again next pass.
                if (e.code() != 409 && e.code() != 404) log.warn("cannot update node {} status: {}", name, e.getMessage());
                continue;
            }
            if (wasReady) {
                events.normal(node, "NodeNotReady", "Node " + name + " status is now: NodeNotReady");
                markPodsNotReady(name);
            }
        }
        for (String gone : Set.copyOf(known)) {
            if (!names.contains(gone)) {
                known.remove(gone);
                probes.remove(gone);
            }
        }
        updateZones(all, now);
    }

    /** Upstream's MarkPodsNotReady: the pods of a node that stopped reporting are not Ready any more. */
    private void markPodsNotReady(String node) {
        String at = Times.format(clock.instant());
        for (Pod pod : pods.lister().byIndex(TaintEvictionController.NODE_NAME_INDEX, node)) {
            List<PodCondition> conditions = pod.getStatus() == null || pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions();
            boolean ready = conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            if (!ready) continue;
            ObjectNode condition = Json.MAPPER.createObjectNode().put("type", "Ready").put("status", "False").put("lastTransitionTime", at);
            ObjectNode patch = Json.MAPPER.createObjectNode();
            patch.putObject("status").putArray("conditions").add(condition);
            try {
                client.patch(Kind.PODS, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), new Patch(Patch.Type.STRATEGIC, patch.toString(), true));
                events.warning(pod, "NodeNotReady", "Node is not ready");
            } catch (StatusException e) {
                if (e.code() != 404) log.warn("cannot mark pod {}/{} not ready: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e.getMessage());
            }
        }
    }

    /** Zone states set each zone's tainting pace; entering or leaving "every zone fully disrupted" revisits every node's taints. */
    private void updateZones(List<Node> all, Instant now) {
        Map<String, ZoneDisruption.Zone> zones = ZoneDisruption.zones(all, settings.unhealthyZoneThreshold());
        boolean stop = ZoneDisruption.allFullyDisrupted(zones);
        if (stop != evictionsStopped) {
            evictionsStopped = stop;
            log.info(stop ? "all nodes are not Ready: entering master disruption mode, no taint-based evictions"
                    : "some nodes are Ready: exiting master disruption mode");
            if (!stop) {
                // As upstream: leaving the mode restarts every node's grace period.
                probes.replaceAll((name, p) -> new NodeHealth.Probe(now, p.readyHeartbeat(), p.leaseRenewal()));
            }
            for (Node n : all) taintQueue.add(n.getMetadata().getName());
        }
        zones.forEach((zone, z) -> pacer.rate(zone, ZoneDisruption.taintRate(z.state(), z.size(), settings), now));
    }

    // ---------------------------------------------------------------- taints

    private void reconcileTaints(String name) {
        Optional<Node> found = nodes.lister().get("", name);
        if (found.isEmpty()) return;
        Node node = found.get();
        Instant now = clock.instant();
        NodeTaints.Change change = NodeTaints.plan(node, evictionsStopped);
        if (change.rateLimited() && !pacer.tryTaint(ZoneDisruption.zoneOf(node), now)) {
            change = change.withoutNoExecuteAdditions();
            taintQueue.addAfter(name, settings.monitorPeriod());
        }
        if (change.none()) return;
        List<Taint> next = NodeTaints.apply(taints(node), change, now);
        ObjectNode patch = Json.MAPPER.createObjectNode();
        patch.putObject("metadata").put("resourceVersion", node.getMetadata().getResourceVersion());
        patch.putObject("spec").set("taints", Json.MAPPER.valueToTree(next));
        try {
            client.patch(Kind.NODES, "", name, Patch.merge(patch.toString()));
        } catch (StatusException e) {
            if (e.code() == 404) return;
            throw e;
        }
        log.info("node {}: taints +{} -{}", name, keys(change.add()), keys(change.remove()));
    }

    private static List<String> keys(List<Taint> taints) {
        return taints.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
    }

    @Override
    public void close() {
        monitor.shutdownNow();
        taintLoop.close();
    }
}
