package dev.beluga.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node as the scheduler sees it (upstream's framework.NodeInfo): the Node, parsed once (labels,
 * taints, allocatable), and the pods placed on it, including assumed pods whose binding is still in
 * flight, with their running totals. A NodeInfo may exist before its Node arrives (pods already bound
 * to it); such a NodeInfo is not a candidate.
 *
 * <p>Not thread-safe: the scheduler cache owns every NodeInfo and changes or reads them under its lock.
 */
public final class NodeInfo {
    private final String name;
    private Node node;
    private Map<String, String> labels = Map.of();
    private List<Taint> taints = List.of();
    private boolean unschedulable;
    private Resources allocatable = Resources.ZERO;
    // Copies of allocatable's fields: filters and scores read them for every node of every decision,
    // and one object fewer to reach per node shows in the benchmark.
    private long allocatableMilliCpu;
    private long allocatableMemory;
    private long allocatableEphemeralStorage;
    private long allowedPods;

    private long requestedMilliCpu;
    private long requestedMemory;
    private long requestedEphemeralStorage;
    private final Map<String, Long> requestedScalar = new HashMap<>();
    private long nonZeroMilliCpu;
    private long nonZeroMemory;

    private final Map<String, PodInfo> pods = new LinkedHashMap<>();
    /** pods.size(), kept here because NodeResourcesFit reads it for every node of every decision. */
    private int podCount;
    private final List<PodInfo> podsWithRequiredAntiAffinity = new ArrayList<>();
    private final List<PodInfo> podsWithRequiredAffinity = new ArrayList<>();
    private final List<HostPort> usedPorts = new ArrayList<>();

    public NodeInfo(String name) {
        this.name = name;
    }

    public static NodeInfo of(Node node, PodInfo... pods) {
        NodeInfo info = new NodeInfo(node.getMetadata().getName());
        info.setNode(node);
        for (PodInfo p : pods) info.addPod(p);
        return info;
    }

    // ------------------------------------------------------------------ the node

    public void setNode(Node node) {
        this.node = node;
        this.labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        this.taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : List.copyOf(node.getSpec().getTaints());
        this.unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        Map<String, Quantity> alloc = node.getStatus() == null ? null : node.getStatus().getAllocatable();
        // Upstream reads status.allocatable only; a node that reports none offers nothing.
        Map<String, Long> amounts = new HashMap<>();
        if (alloc != null) alloc.forEach((k, v) -> amounts.put(k, Quantities.amount(k, v)));
        this.allocatable = Resources.fromAmounts(amounts);
        this.allocatableMilliCpu = allocatable.milliCpu();
        this.allocatableMemory = allocatable.memory();
        this.allocatableEphemeralStorage = allocatable.ephemeralStorage();
        this.allowedPods = amounts.getOrDefault(ResourceNames.PODS, 0L);
    }

    public void clearNode() {
        this.node = null;
    }

    public String name() {
        return name;
    }

    public Optional<Node> node() {
        return Optional.ofNullable(node);
    }

    /** The node; only for NodeInfos that are candidates (whose Node is known). */
    public Node requireNode() {
        if (node == null) throw new IllegalStateException("node " + name + " is not known yet");
        return node;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public List<Taint> taints() {
        return taints;
    }

    public boolean unschedulable() {
        return unschedulable;
    }

    public Resources allocatable() {
        return allocatable;
    }

    public long allocatableMilliCpu() {
        return allocatableMilliCpu;
    }

    public long allocatableMemory() {
        return allocatableMemory;
    }

    public long allocatableEphemeralStorage() {
        return allocatableEphemeralStorage;
    }

    public long allowedPods() {
        return allowedPods;
    }

    // ------------------------------------------------------------------ pods and totals

    public void addPod(PodInfo pod) {
        PodInfo previous = pods.put(pod.key(), pod);
        if (previous != null) subtract(previous);
        account(pod, 1);
        podCount = pods.size();
    }

    /** Removes the pod with this key; returns whether it was here. */
    public boolean removePod(String key) {
        PodInfo previous = pods.remove(key);
        if (previous == null) return false;
        subtract(previous);
        podCount = pods.size();
        return true;
    }

    private void subtract(PodInfo pod) {
        account(pod, -1);
    }

    private void account(PodInfo pod, int sign) {
        Resources r = pod.requests();
        requestedMilliCpu += sign * r.milliCpu();
        requestedMemory += sign * r.memory();
        requestedEphemeralStorage += sign * r.ephemeralStorage();
        for (Map.Entry<String, Long> e : r.scalar().entrySet()) {
            long v = requestedScalar.getOrDefault(e.getKey(), 0L) + sign * e.getValue();
            if (v == 0) requestedScalar.remove(e.getKey());
            else requestedScalar.put(e.getKey(), v);
        }
        nonZeroMilliCpu += sign * pod.nonZeroRequests().milliCpu();
        nonZeroMemory += sign * pod.nonZeroRequests().memory();
        if (!pod.requiredAntiAffinityTerms().isEmpty()) {
            if (sign > 0) podsWithRequiredAntiAffinity.add(pod);
            else podsWithRequiredAntiAffinity.removeIf(p -> p.key().equals(pod.key()));
        }
        if (!pod.requiredAffinityTerms().isEmpty()) {
            if (sign > 0) podsWithRequiredAffinity.add(pod);
            else podsWithRequiredAffinity.removeIf(p -> p.key().equals(pod.key()));
        }
        for (HostPort p : pod.hostPorts()) {
            if (sign > 0) usedPorts.add(p);
            else usedPorts.remove(p);
        }
    }

    public Collection<PodInfo> pods() {
        return Collections.unmodifiableCollection(pods.values());
    }

    public int podCount() {
        return podCount;
    }

    public boolean hasPod(String key) {
        return pods.containsKey(key);
    }

    public long requestedMilliCpu() {
        return requestedMilliCpu;
    }

    public long requestedMemory() {
        return requestedMemory;
    }

    public long requestedEphemeralStorage() {
        return requestedEphemeralStorage;
    }

    public long requestedScalar(String name) {
        return requestedScalar.getOrDefault(name, 0L);
    }

    /** cpu requested by the pods here, a container without a cpu request counting as upstream's default (scoring only). */
    public long nonZeroMilliCpu() {
        return nonZeroMilliCpu;
    }

    public long nonZeroMemory() {
        return nonZeroMemory;
    }

    public List<PodInfo> podsWithRequiredAntiAffinity() {
        return Collections.unmodifiableList(podsWithRequiredAntiAffinity);
    }

    public List<PodInfo> podsWithRequiredAffinity() {
        return Collections.unmodifiableList(podsWithRequiredAffinity);
    }

    public List<HostPort> usedPorts() {
        return Collections.unmodifiableList(usedPorts);
    }

    @Override
    public String toString() {
        return "NodeInfo[" + name + ", pods=" + pods.size() + ", cpu=" + requestedMilliCpu + "m/" + allocatable.milliCpu() + "m]";
    }
}
