package dev.beluga.sim;

import dev.beluga.client.informer.Lister;
import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.client.informer.SharedInformer;
import dev.beluga.kubelet.PodSource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pod informer shared by every hollow node in the process, indexed by spec.nodeName: each
 * event is looked at once and handed to the kubelet of the node the pod is bound to, so a thousand
 * nodes cost one watch, not a thousand each decoding every pod.
 */
final class SharedPodSource implements ResourceHandler<Pod> {
    static final String NODE_INDEX = "spec.nodeName";

    private final SharedInformer<Pod> informer;
    private final Map<String, NodeView> nodes = new ConcurrentHashMap<>();

    SharedPodSource(SharedInformer<Pod> informer) {
        this.informer = informer;
        informer.addIndex(NODE_INDEX, p -> {
            String node = nodeOf(p);
            return node.isEmpty() ? List.of() : List.of(node);
        });
        informer.addHandler(this);
    }

    /** The pod source of one node. */
    PodSource forNode(String nodeName) {
        return new PodSource() {
            @Override
            public Registration subscribe(ResourceHandler<Pod> handler) {
                NodeView view = new NodeView(handler);
                synchronized (view) {
                    NodeView before = nodes.put(nodeName, view);
                    if (before != null) before.closed = true;
                    // Pods already cached; events arriving meanwhile wait on the view, so none is missed or reordered.
                    Lister<Pod> lister = informer.lister();
                    for (Pod p : lister.byIndex(NODE_INDEX, nodeName)) handler.onAdd(p);
                }
                return () -> {
                    view.closed = true;
                    nodes.remove(nodeName, view);
                };
            }

            @Override
            public boolean hasSynced() {
                return informer.hasSynced();
            }
        };
    }

    @Override
    public void onAdd(Pod pod) {
        NodeView v = nodes.get(nodeOf(pod));
        if (v != null) v.add(pod);
    }

    @Override
    public void onUpdate(Pod previous, Pod current) {
        String before = nodeOf(previous);
        String now = nodeOf(current);
        if (before.equals(now)) {
            NodeView v = nodes.get(now);
            if (v != null) v.update(previous, current);
            return;
        }
        // Bound just now (or, never in practice, moved): the old node loses it, the new one gains it.
        NodeView old = nodes.get(before);
        if (old != null) old.delete(previous);
        NodeView v = nodes.get(now);
        if (v != null) v.add(current);
    }

    @Override
    public void onDelete(Pod lastKnown) {
        NodeView v = nodes.get(nodeOf(lastKnown));
        if (v != null) v.delete(lastKnown);
    }

    private static String nodeOf(Pod p) {
        String n = p.getSpec() == null ? null : p.getSpec().getNodeName();
        return n == null ? "" : n;
    }

    /** One node's subscription; synchronized so deliveries never overtake the initial replay. */
    private static final class NodeView {
        final ResourceHandler<Pod> handler;
        volatile boolean closed;

        NodeView(ResourceHandler<Pod> handler) {
            this.handler = handler;
        }

        synchronized void add(Pod p) {
            if (!closed) handler.onAdd(p);
        }

        synchronized void update(Pod before, Pod now) {
            if (!closed) handler.onUpdate(before, now);
        }

        synchronized void delete(Pod p) {
            if (!closed) handler.onDelete(p);
        }
    }
}
