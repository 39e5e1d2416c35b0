package dev.beluga.sim;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.control.ReconcileLoop;
import dev.beluga.client.events.ClientEventRecorder;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.client.informer.Lister;
import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.client.informer.SharedInformer;
import dev.beluga.client.queue.WorkQueue;
import dev.beluga.kubelet.Kubelet;
import dev.beluga.kubelet.KubeletConfig;
import dev.beluga.kubelet.KubeletServices;
import dev.beluga.kubelet.MachineInfo;
import dev.beluga.sim.StopAnnotation.Action;
import dev.beluga.sim.StopAnnotation.KubeletState;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hollow nodes: N kubelets, the same code as a real node's, each on a {@link SimulatedRuntime}, all
 * in this process. They share one pod informer (dispatched by spec.nodeName), one timer thread
 * and the clock; pod workers are virtual threads that exist only while a pod syncs. A node can be
 * stopped (its kubelet ends, its Lease stops being renewed, its simulated containers keep running)
 * and started again (a new kubelet adopts what runs in its runtime), from Java or from kubectl through
 * the {@link StopAnnotation} on its Node.
 */
public final class HollowNodeFleet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HollowNodeFleet.class);
    /** How many nodes register at the same time when the fleet starts. */
    private static final int PARALLEL_STARTS = 32;
    /** How long the fleet waits for the Node informer before starting kubelets (after that, a Node event corrects a wrong start). */
    private static final Duration NODE_SYNC_WAIT = Duration.ofSeconds(30);

    private final Client client;
    private final SimSettings settings;
    private final SharedPodSource pods;
    private final ScheduledExecutorService timers;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, HollowNode> nodes = new LinkedHashMap<>();
    private final Lister<Node> nodeLister;
    /** Names of hollow nodes whose Node changed; one worker applies the stop annotation, off the informer's thread. */
    private final WorkQueue<String> switches = WorkQueue.withDefaultBackoff("hollow-node-switches");
    private Optional<ReconcileLoop<String>> switchLoop = Optional.empty();
    private volatile boolean closed;

    private static final class HollowNode {
        final KubeletConfig config;
        final SimulatedRuntime runtime;
        final EventRecorder events;
        Optional<Kubelet> kubelet = Optional.empty();
        boolean stoppedByAnnotation;

        HollowNode(KubeletConfig config, SimulatedRuntime runtime, EventRecorder events) {
            this.config = config;
            this.runtime = runtime;
            this.events = events;
        }
    }

    private HollowNodeFleet(Client client, SimSettings settings, SharedPodSource pods, Lister<Node> nodeLister, ScheduledExecutorService timers) {
        this.client = client;
        this.settings = settings;
        this.pods = pods;
        this.nodeLister = nodeLister;
        this.timers = timers;
    }

    /**
     * Registers {@code count} hollow nodes and starts their kubelets; returns once every node is
     * registered. The fleet adds a spec.nodeName index and a handler to the factory's shared pod
     * informer and a handler to its shared Node informer (the stop annotation), and starts the factory.
     * A node whose Node already carries the stop annotation (a server restarted on its old data) is not
     * started.
     */
    public static HollowNodeFleet start(Client client, InformerFactory informers, int count, SimSettings settings) {
        if (count < 0) throw new IllegalArgumentException("count must not be negative: " + count);
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name("hollow-timers-", 0).factory());
        SharedPodSource pods = new SharedPodSource(informers.informer(Kind.PODS));
        SharedInformer<Node> nodeInformer = informers.informer(Kind.NODES);
        HollowNodeFleet fleet = new HollowNodeFleet(client, settings, pods, nodeInformer.lister(), timers);
        for (int i = 0; i < count; i++) fleet.add(i);
        nodeInformer.addHandler(ResourceHandler.onAnyChange(fleet::nodeChanged));
        fleet.switchLoop = Optional.of(ReconcileLoop.start("hollow-node-switches", fleet.switches, 1, fleet::applyStopAnnotation));
        informers.start();
        try {
            awaitSync(nodeInformer);
            fleet.startAll();
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
        log.info("{} hollow nodes running", count);
        return fleet;
    }

    private void add(int index) {
        String name = settings.nodeName(index);
        KubeletConfig config = KubeletConfig.of(name, settings.nodeIp(index), settings.podCidr(index).toString(), settings.capacity(), MachineInfo.simulated(name))
                .withTimings(settings.timings()).withRestartBackOff(settings.restartBackOff())
                // Hollow kubelets serve no HTTPS endpoint: port 0 tells the API server so (pods/log answers 503).
                .withKubeletPort(0);
        SimulatedRuntime runtime = new SimulatedRuntime(settings.podCidr(index), settings.startLatency(), timers, clock);
        EventRecorder events = settings.recordEvents() ? new ClientEventRecorder(client, "kubelet", name) : new SilentEventRecorder();
        nodes.put(name, new HollowNode(config, runtime, events));
    }

    private static void awaitSync(SharedInformer<Node> informer) {
        long deadline = System.nanoTime() + NODE_SYNC_WAIT.toNanos();
        while (!informer.hasSynced() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while listing Nodes", e);
            }
        }
        if (!informer.hasSynced()) log.warn("Nodes not listed within {}; hollow nodes start regardless of {}", NODE_SYNC_WAIT, StopAnnotation.KEY);
    }

    private void startAll() {
        Semaphore slots = new Semaphore(PARALLEL_STARTS);
        try (ExecutorService starts = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (String name : nodes.keySet()) {
                done.add(starts.submit(() -> {
                    slots.acquireUninterruptibly();
                    try {
                        startUnlessAnnotated(name);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Future<?> f : done) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting hollow nodes", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    public List<String> nodeNames() {
        synchronized (nodes) {
            return List.copyOf(nodes.keySet());
        }
    }

    /**
     * Starts the node's kubelet again (no-op when it runs); it adopts the containers its runtime still
     * runs. A node whose Node carries the stop annotation is stopped again at its Node's next change.
     */
    public void start(String nodeName) {
        HollowNode n = node(nodeName);
        synchronized (n) {
            startKubelet(nodeName, n);
        }
    }

    /** Stops the node's kubelet, as if the node lost its connection: no more Lease renewals or status; its containers keep running. */
    public void stop(String nodeName) {
        HollowNode n = node(nodeName);
        synchronized (n) {
            stopKubelet(n);
        }
    }

    /** Callers hold the node's lock. */
    private void startKubelet(String nodeName, HollowNode n) {
        if (closed || n.kubelet.isPresent()) return;
        n.kubelet = Optional.of(Kubelet.start(client, n.config, n.runtime, pods.forNode(nodeName), new KubeletServices(timers, clock, n.events)));
        n.stoppedByAnnotation = false;
    }

    /** Callers hold the node's lock. */
    private static void stopKubelet(HollowNode n) {
        n.kubelet.ifPresent(Kubelet::close);
        n.kubelet = Optional.empty();
    }

    private static KubeletState state(HollowNode n) {
        if (n.kubelet.isPresent()) return KubeletState.RUNNING;
        return n.stoppedByAnnotation ? KubeletState.STOPPED_BY_ANNOTATION : KubeletState.STOPPED;
    }

    /** The first start: a Node that already asks to be stopped keeps its kubelet stopped. */
    private void startUnlessAnnotated(String nodeName) {
        HollowNode n = node(nodeName);
        synchronized (n) {
            if (n.stoppedByAnnotation) return;
            if (apply(nodeName, n, StopAnnotation.decide(nodeLister.get("", nodeName), state(n))) == Action.NONE) startKubelet(nodeName, n);
        }
    }

    private void nodeChanged(Node node) {
        String name = node.getMetadata().getName();
        boolean ours;
        synchronized (nodes) {
            ours = nodes.containsKey(name);
        }
        if (ours) switches.add(name);
    }

    /** The switch's reconcile: the Node as cached now, not as it was when the event came. */
    private void applyStopAnnotation(String nodeName) {
        HollowNode n = node(nodeName);
        synchronized (n) {
            if (closed) return;
            apply(nodeName, n, StopAnnotation.decide(nodeLister.get("", nodeName), state(n)));
        }
    }

    /** Callers hold the node's lock. */
    private Action apply(String nodeName, HollowNode n, Action action) {
        switch (action) {
            case STOP -> {
                stopKubelet(n);
                n.stoppedByAnnotation = true;
                log.info("hollow node {} stopped by annotation {}", nodeName, StopAnnotation.KEY);
            }
            case HOLD -> {
                n.stoppedByAnnotation = true;
                log.info("hollow node {} kept stopped by annotation {}", nodeName, StopAnnotation.KEY);
            }
            case START -> {
                startKubelet(nodeName, n);
                log.info("hollow node {} started again: annotation {} no longer \"true\"", nodeName, StopAnnotation.KEY);
            }
            case NONE -> {}
        }
        return action;
    }

    public boolean isRunning(String nodeName) {
        HollowNode n = node(nodeName);
        synchronized (n) {
            return n.kubelet.isPresent();
        }
    }

    /** The node's simulated runtime. */
    public SimulatedRuntime runtime(String nodeName) {
        return node(nodeName).runtime;
    }

    private HollowNode node(String name) {
        HollowNode n;
        synchronized (nodes) {
            n = nodes.get(name);
        }
        if (n == null) throw new NoSuchElementException("no hollow node named " + name);
        return n;
    }

    /** Stops every kubelet and the fleet's timers; the Node objects stay in the API (they turn NotReady as lost nodes do). */
    @Override
    public void close() {
        closed = true;
        // First the switch, so no kubelet is started while the fleet closes them.
        switchLoop.ifPresent(ReconcileLoop::close);
        List<HollowNode> all;
        synchronized (nodes) {
            all = List.copyOf(nodes.values());
        }
        for (HollowNode n : all) {
            synchronized (n) {
                n.kubelet.ifPresent(Kubelet::close);
                n.kubelet = Optional.empty();
            }
            if (n.events instanceof ClientEventRecorder r) r.close();
        }
        timers.shutdownNow();
    }
}
