package dev.beluga.scheduler.cache;

import dev.beluga.scheduler.framework.ClusterSnapshot;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The scheduler's picture of the cluster (upstream's internal cache): a {@link NodeInfo} per node with
 * the pods placed on it. Informer events keep it current; a pod the scheduler has just placed is
 * <em>assumed</em> on its node at once, so the next decision counts it before the binding's watch
 * event arrives; the watch event then confirms it, and a failed binding forgets it.
 *
 * <p>One lock guards everything. The scheduling thread holds it for a whole decision ({@link #locked}),
 * so a decision sees one consistent picture; informer events wait for the decision to end.
 */
public final class SchedulerCache implements ClusterSnapshot {
    /** Where a pod is counted, and whether only the scheduler thinks so yet. */
    private record Placement(PodInfo pod, String node, boolean assumed) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, NodeInfo> nodes = new LinkedHashMap<>();
    private final Map<String, Placement> pods = new HashMap<>();
    private final Set<NodeInfo> nodesWithAntiAffinityPods = new LinkedHashSet<>();
    private final Map<String, Map<NodeInfo, Integer>> podsOfController = new HashMap<>();
    private final Function<String, Map<String, String>> namespaceLabels;
    private List<NodeInfo> candidates = List.of();
    private boolean candidatesStale;

    /** @param namespaceLabels a namespace's labels (empty map when unknown), for affinity namespace selectors */
    public SchedulerCache(Function<String, Map<String, String>> namespaceLabels) {
        this.namespaceLabels = namespaceLabels;
    }

    /** Runs {@code action} holding the cache lock: no event changes the cache meanwhile. */
    public <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private void locked(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ nodes

    public void addNode(Node node) {
        locked(() -> {
            String name = node.getMetadata().getName();
            NodeInfo info = nodes.computeIfAbsent(name, NodeInfo::new);
            boolean wasCandidate = info.node().isPresent();
            info.setNode(node);
            if (!wasCandidate) candidatesStale = true;
        });
    }

    public void updateNode(Node node) {
        addNode(node);
    }

    public void removeNode(String name) {
        locked(() -> {
            NodeInfo info = nodes.get(name);
            if (info == null) return;
            info.clearNode();
            // Pods still bound to a deleted node keep its NodeInfo until they go (upstream does the same).
            if (info.podCount() == 0) nodes.remove(name);
            candidatesStale = true;
        });
    }

    /** The nodes a pod may be placed on, in a stable order (the sampling start index rotates over it). */
    public List<NodeInfo> candidates() {
        return locked(() -> {
            if (candidatesStale) {
                List<NodeInfo> list = new ArrayList<>(nodes.size());
                for (NodeInfo n : nodes.values()) if (n.node().isPresent()) list.add(n);
                candidates = Collections.unmodifiableList(list);
                candidatesStale = false;
            }
            return candidates;
        });
    }

    public Optional<NodeInfo> node(String name) {
        return locked(() -> Optional.ofNullable(nodes.get(name)));
    }

    // ------------------------------------------------------------------ pods

    /** A pod the informer shows bound to a node: counts it there, confirming it if it was assumed. */
    public void addPod(Pod pod) {
        locked(() -> {
            String key = PodKeys.key(pod);
            Placement existing = pods.get(key);
            PodInfo info = existing != null && existing.pod().uid().equals(uid(pod)) && existing.assumed()
                    ? existing.pod().withPod(pod) // confirming our own assumption: nothing to parse again
                    : PodInfo.of(pod);
            place(info, pod.getSpec().getNodeName(), false);
        });
    }

    /** A bound pod changed in what the scheduler reads (labels, spec: a resize). */
    public void updatePod(Pod pod) {
        locked(() -> place(PodInfo.of(pod), pod.getSpec().getNodeName(), false));
    }

    /** A bound pod changed in nothing the scheduler reads (its status): keeps what was parsed, holds the newer object. */
    public void refreshPod(Pod pod) {
        locked(() -> {
            Placement existing = pods.get(PodKeys.key(pod));
            if (existing == null || !existing.pod().uid().equals(uid(pod)) || !existing.node().equals(pod.getSpec().getNodeName())) {
                place(PodInfo.of(pod), pod.getSpec().getNodeName(), false);
            } else {
                PodInfo newer = existing.pod().withPod(pod);
                nodes.get(existing.node()).addPod(newer);
                pods.put(newer.key(), new Placement(newer, existing.node(), false));
            }
        });
    }

    /** A bound pod is gone (deleted, or finished: a terminated pod no longer holds resources). */
    public void removePod(Pod pod) {
        locked(() -> {
            String key = PodKeys.key(pod);
            Placement existing = pods.get(key);
            if (existing != null && existing.pod().uid().equals(uid(pod))) unplace(key, existing);
        });
    }

    /** Counts a pod on the node the scheduler chose, before the binding is written. */
    public void assume(PodInfo pod, String node) {
        locked(() -> place(pod, node, true));
    }

    /** The binding failed: the assumed pod no longer counts (a confirmed pod is left alone). */
    public void forget(PodInfo pod) {
        locked(() -> {
            Placement existing = pods.get(pod.key());
            if (existing != null && existing.assumed() && existing.pod().uid().equals(pod.uid())) unplace(pod.key(), existing);
        });
    }

    public boolean isAssumed(String key) {
        return locked(() -> {
            Placement p = pods.get(key);
            return p != null && p.assumed();
        });
    }

    /** Whether the pod with this key is counted on some node (assumed or confirmed). */
    public boolean isPlaced(String key) {
        return locked(() -> pods.containsKey(key));
    }

    public int podCount() {
        return locked(pods::size);
    }

    private void place(PodInfo pod, String nodeName, boolean assumed) {
        Placement existing = pods.get(pod.key());
        if (existing != null && !existing.node().equals(nodeName)) unplace(pod.key(), existing);
        NodeInfo node = nodes.computeIfAbsent(nodeName, NodeInfo::new);
        node.addPod(pod);
        Placement previous = pods.put(pod.key(), new Placement(pod, nodeName, assumed));
        if (previous != null && previous.node().equals(nodeName)) countController(previous.pod(), node, -1);
        countController(pod, node, 1);
        trackAntiAffinity(node);
    }

    private void unplace(String key, Placement placement) {
        pods.remove(key);
        NodeInfo node = nodes.get(placement.node());
        if (node == null) return;
        countController(placement.pod(), node, -1);
        node.removePod(key);
        trackAntiAffinity(node);
        if (node.podCount() == 0 && node.node().isEmpty()) nodes.remove(placement.node());
    }

    private void countController(PodInfo pod, NodeInfo node, int delta) {
        if (pod.controllerUid().isEmpty()) return;
        String uid = pod.controllerUid().get();
        Map<NodeInfo, Integer> byNode = podsOfController.computeIfAbsent(uid, u -> new HashMap<>());
        byNode.merge(node, delta, (a, b) -> a + b == 0 ? null : a + b);
        if (byNode.isEmpty()) podsOfController.remove(uid);
    }

    private void trackAntiAffinity(NodeInfo node) {
        if (node.podsWithRequiredAntiAffinity().isEmpty()) nodesWithAntiAffinityPods.remove(node);
        else nodesWithAntiAffinityPods.add(node);
    }

    private static String uid(Pod pod) {
        return pod.getMetadata().getUid() == null ? "" : pod.getMetadata().getUid();
    }

    // ------------------------------------------------------------------ ClusterSnapshot (read under the lock)

    @Override
    public Collection<NodeInfo> nodes() {
        return candidates();
    }

    @Override
    public Collection<NodeInfo> nodesWithRequiredAntiAffinityPods() {
        return locked(() -> List.copyOf(nodesWithAntiAffinityPods));
    }

    @Override
    public Map<NodeInfo, Integer> podsOfControllerByNode(String controllerUid) {
        return locked(() -> Collections.unmodifiableMap(podsOfController.getOrDefault(controllerUid, Map.of())));
    }

    @Override
    public Map<String, String> namespaceLabels(String namespace) {
        return namespaceLabels.apply(namespace);
    }
}
