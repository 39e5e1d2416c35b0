package dev.beluga.kubelet.network;

import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.client.informer.SharedInformer;
import dev.beluga.kubelet.CoalescingRunner;
import io.fabric8.kubernetes.api.model.Node;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one kernel route per other node ({@code <podCIDR> via <InternalIP>}) from an informer on Nodes:
 * every Node event, and a resync every 30 s (a route removed by hand comes back; a failed change is
 * retried), computes {@link PodRoutes#desired} and applies {@link PodRoutes#changes} against the routes
 * installed with our marker. Stale routes of an earlier run are found the same way, so a restart cleans up.
 * Each change is logged once; a failing one once per distinct error.
 */
public final class NodeRouteKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRouteKeeper.class);
    private static final Duration RESYNC = Duration.ofSeconds(30);

    private final SharedInformer<Node> nodes;
    private final PodRoutes.Self self;
    private final Ipv4Cidr clusterCidr;
    private final KernelRoutes kernel;
    private final CoalescingRunner runner;
    private final Set<String> reportedFailures = new HashSet<>();
    private volatile boolean closed;

    private NodeRouteKeeper(SharedInformer<Node> nodes, PodRoutes.Self self, Ipv4Cidr clusterCidr, KernelRoutes kernel) {
        this.nodes = nodes;
        this.self = self;
        this.clusterCidr = clusterCidr;
        this.kernel = kernel;
        this.runner = new CoalescingRunner("pod-routes", this::sync);
    }

    /** Registers on {@code nodes} (start the informer afterwards, or before: objects already cached arrive as adds). */
    public static NodeRouteKeeper start(SharedInformer<Node> nodes, PodRoutes.Self self, Ipv4Cidr clusterCidr, KernelRoutes kernel) {
        NodeRouteKeeper keeper = new NodeRouteKeeper(nodes, self, clusterCidr, kernel);
        nodes.addHandler(ResourceHandler.onAnyChange(n -> keeper.runner.trigger()));
        keeper.runner.trigger();
        Thread.ofVirtual().name("pod-routes-resync").start(keeper::resyncLoop);
        return keeper;
    }

    private void resyncLoop() {
        while (!closed) {
            try {
                Thread.sleep(RESYNC);
            } catch (InterruptedException e) {
                return;
            }
            runner.trigger();
        }
    }

    private boolean sync() {
        if (closed) return false;
        // Before the first list, the cache is empty: syncing then would delete every route we keep.
        while (!nodes.hasSynced()) {
            if (closed) return false;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return false;
            }
        }
        try {
            List<PodRoute> desired = PodRoutes.desired(nodes.lister().list(), self, clusterCidr);
            RouteChanges changes = PodRoutes.changes(desired, kernel.installed(clusterCidr));
            for (PodRoute route : changes.replace()) {
                apply("route " + route, () -> kernel.replace(route));
            }
            for (PodRoute route : changes.delete()) {
                apply("removal of route " + route, () -> kernel.delete(route));
            }
        } catch (IOException e) {
            reportOnce("cannot read the routing table: " + e.getMessage());
        }
        return !closed;
    }

    private interface RouteAction {
        void run() throws IOException;
    }

    private void apply(String what, RouteAction action) {
        try {
            action.run();
            LOG.info("pod network: {} (protocol {})", what, KernelRoutes.PROTOCOL);
            synchronized (reportedFailures) {
                reportedFailures.removeIf(f -> f.startsWith(what + ":"));
            }
        } catch (IOException e) {
            reportOnce(what + ": " + e.getMessage());
        }
    }

    private void reportOnce(String failure) {
        boolean first;
        synchronized (reportedFailures) {
            first = reportedFailures.add(failure);
        }
        if (first) LOG.warn("pod network: {} (retried every {} s)", failure, RESYNC.toSeconds());
    }

    /** Stops keeping the routes; they stay in the kernel (the pods on other nodes stay reachable while this node is down). */
    @Override
    public void close() {
        closed = true;
        runner.close();
    }
}
