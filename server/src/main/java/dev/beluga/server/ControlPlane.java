package dev.beluga.server;

import dev.beluga.client.Client;
import dev.beluga.client.events.ClientEventRecorder;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.client.leader.LeaderCallbacks;
import dev.beluga.client.leader.LeaderElector;
import dev.beluga.controller.deployment.DeploymentController;
import dev.beluga.controller.garbagecollector.GarbageCollector;
import dev.beluga.controller.namespace.NamespaceController;
import dev.beluga.controller.nodelifecycle.NodeLifecycleController;
import dev.beluga.controller.nodelifecycle.TaintEvictionController;
import dev.beluga.controller.podgc.PodGarbageCollector;
import dev.beluga.controller.replicaset.ReplicaSetController;
import dev.beluga.controller.statefulset.StatefulSetController;
import dev.beluga.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler and the controllers of one server, each group running only while this server holds
 * its Lease in kube-system (kube-scheduler, kube-controller-manager), as upstream's components do. With
 * several servers on one store, exactly one of them schedules and reconciles; when it goes, another
 * takes over within the lease duration. Everything talks to the API through the given Client only.
 */
final class ControlPlane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);
    static final String LEASE_NAMESPACE = "kube-system";

    private final List<LeaderElector> electors;

    private ControlPlane(List<LeaderElector> electors) {
        this.electors = electors;
    }

    static ControlPlane start(Client client, String host, ControlPlaneSettings settings) {
        // Upstream's identity: host name plus a random suffix, so a restarted process is a new candidate.
        String identity = host + "_" + UUID.randomUUID();
        List<LeaderElector> electors = new ArrayList<>();
        electors.add(LeaderElector.start(client, LEASE_NAMESPACE, "kube-scheduler", identity, settings.leaderTimings(),
                new Group("scheduler", client, host, c -> List.of(
                        Scheduler.start(c.client(), c.informers(), c.events("default-scheduler"))))));
        electors.add(LeaderElector.start(client, LEASE_NAMESPACE, "kube-controller-manager", identity, settings.leaderTimings(),
                new Group("controllers", client, host, c -> List.of(
                        ReplicaSetController.start(c.client(), c.informers(), c.events("replicaset-controller")),
                        DeploymentController.start(c.client(), c.informers(), c.events("deployment-controller")),
                        StatefulSetController.start(c.client(), c.informers(), c.events("statefulset-controller")),
                        GarbageCollector.start(c.client(), c.informers(), c.events("garbage-collector-controller")),
                        NamespaceController.start(c.client(), c.informers(), c.events("namespace-controller")),
                        PodGarbageCollector.start(c.client(), c.informers(), c.events("pod-garbage-collector"), settings.podGc()),
                        NodeLifecycleController.start(c.client(), c.informers(), c.events("node-controller"), settings.nodeLifecycle()),
                        TaintEvictionController.start(c.client(), c.informers(), c.events("taint-eviction-controller"))))));
        return new ControlPlane(electors);
    }

    /** Whether this server currently leads both groups (for tests and status output). */
    boolean leading() {
        return electors.stream().allMatch(LeaderElector::isLeader);
    }

    @Override
    public void close() {
        for (LeaderElector e : electors) e.close();
    }

    /** What a group's components are started with: the client, shared informers, and an event recorder per component. */
    private record Context(Client client, InformerFactory informers, String host, List<AutoCloseable> running) {
        ClientEventRecorder events(String component) {
            ClientEventRecorder recorder = new ClientEventRecorder(client, component, host);
            running.add(recorder);
            return recorder;
        }
    }

    /** Components started on gaining the lease and stopped on losing it, each time with fresh informers. */
    private static final class Group implements LeaderCallbacks {
        private final String name;
        private final Client client;
        private final String host;
        private final Function<Context, List<AutoCloseable>> components;
        private final List<AutoCloseable> running = new ArrayList<>();

        Group(String name, Client client, String host, Function<Context, List<AutoCloseable>> components) {
            this.name = name;
            this.client = client;
            this.host = host;
            this.components = components;
        }

        @Override
        public void startedLeading() {
            InformerFactory informers = new InformerFactory(client);
            // Closed in reverse: components first, then their event writers and informers.
            running.add(informers);
            List<AutoCloseable> recorders = new ArrayList<>();
            List<AutoCloseable> started = components.apply(new Context(client, informers, host, recorders));
            running.addAll(recorders);
            running.addAll(started);
            informers.start();
            log.info("{} started", name);
        }

        @Override
        public void stoppedLeading() {
            for (AutoCloseable c : running.reversed()) {
                try {
                    c.close();
                } catch (Exception e) {
                    log.warn("stopping {} component {}", name, c, e);
                }
            }
            running.clear();
            log.info("{} stopped", name);
        }
    }
}
