package dev.beluga.scheduler;

import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.scheduler.cache.SchedulerCache;
import dev.beluga.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import java.util.Objects;

/**
 * Keeps the cache's nodes current. A new node, or a change of what filters look at (allocatable,
 * labels, taints, cordon), may let unschedulable pods fit, so they are retried.
 */
final class NodeEventHandler implements ResourceHandler<Node> {
    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private volatile boolean stopped;

    NodeEventHandler(SchedulerCache cache, SchedulingQueue queue) {
        this.cache = cache;
        this.queue = queue;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void onAdd(Node node) {
        if (stopped) return;
        cache.addNode(node);
        queue.moveAllToActiveOrBackoff();
    }

    @Override
    public void onUpdate(Node before, Node node) {
        if (stopped) return;
        cache.updateNode(node);
        if (changedForScheduling(before, node)) queue.moveAllToActiveOrBackoff();
    }

    @Override
    public void onDelete(Node node) {
        if (stopped) return;
        cache.removeNode(node.getMetadata().getName());
    }

    /** Upstream's node update events that matter to the default plugins. */
    static boolean changedForScheduling(Node before, Node after) {
        NodeSpec a = before.getSpec();
        NodeSpec b = after.getSpec();
        return !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())
                || !Objects.equals(a == null ? null : a.getTaints(), b == null ? null : b.getTaints())
                || !Objects.equals(a == null ? null : a.getUnschedulable(), b == null ? null : b.getUnschedulable())
                || !Objects.equals(before.getStatus() == null ? null : before.getStatus().getAllocatable(),
                        after.getStatus() == null ? null : after.getStatus().getAllocatable());
    }
}
