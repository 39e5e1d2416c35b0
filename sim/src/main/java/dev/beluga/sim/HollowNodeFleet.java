package dev.beluga.sim;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.events.ClientEventRecorder;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.kubelet.Kubelet;
import dev.beluga.kubelet.KubeletConfig;
import dev.beluga.kubelet.KubeletServices;
import dev.beluga.kubelet.MachineInfo;
import java.time.Clock;
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
 * and started again (a new kubelet adopts what runs in its runtime).
 */
public final class HollowNodeFleet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HollowNodeFleet.class);
    /** How many nodes register at the same time when the fleet starts. */
    private static final int PARALLEL_STARTS = 32;

    private final Client client;
    private final SimSettings settings;
    private final SharedPodSource pods;
    private final ScheduledExecutorService timers;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Node> nodes = new LinkedHashMap<>();

    private static final class Node {
        final KubeletConfig config;
        final SimulatedRuntime runtime;
        final EventRecorder events;
        Optional<Kubelet> kubelet = Optional.empty();

        Node(KubeletConfig config, SimulatedRuntime runtime, EventRecorder events) {
            this.config = config;
            this.runtime = runtime;
            this.events = events;
        }
    }

    private HollowNodeFleet(Client client, SimSettings settings, SharedPodSource pods, ScheduledExecutorService timers) {
        this.client = client;
        this.settings = settings;
        this.pods = pods;
        this.timers = timers;
    }

    /**
     * Registers {@code count} hollow nodes and starts their kubelets; returns once every node is
     * registered. The fleet adds a spec.nodeName index and a handler to the factory's shared pod
     * informer and starts the factory.
     */
    public static HollowNodeFleet start(Client client, InformerFactory informers, int count, SimSettings settings) {
        if (count < 0) throw new IllegalArgumentException("count must not be negative: " + count);
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name("hollow-timers-", 0).factory());
        SharedPodSource pods = new SharedPodSource(informers.informer(Kind.PODS));
        HollowNodeFleet fleet = new HollowNodeFleet(client, settings, pods, timers);
        for (int i = 0; i < count; i++) fleet.add(i);
        informers.start();
        try {
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
                .withTimings(settings.timings()).withRestartBackOff(settings.restartBackOff());
        SimulatedRuntime runtime = new SimulatedRuntime(settings.podCidr(index), settings.startLatency(), timers, clock);
        EventRecorder events = settings.recordEvents() ? new ClientEventRecorder(client, "kubelet", name) : new SilentEventRecorder();
        nodes.put(name, new Node(config, runtime, events));
    }

    private void startAll() {
        Semaphore slots = new Semaphore(PARALLEL_STARTS);
        try (ExecutorService starts = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (String name : nodes.keySet()) {
                done.add(starts.submit(() -> {
                    slots.acquireUninterruptibly();
                    try {
                        start(name);
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

    /** Starts the node's kubelet again (no-op when it runs); it adopts the containers its runtime still runs. */
    public void start(String nodeName) {
        Node n = node(nodeName);
        synchronized (n) {
            if (n.kubelet.isPresent()) return;
            n.kubelet = Optional.of(Kubelet.start(client, n.config, n.runtime, pods.forNode(nodeName), new KubeletServices(timers, clock, n.events)));
        }
    }

    /** Stops the node's kubelet, as if the node lost its connection: no more Lease renewals or status; its containers keep running. */
    public void stop(String nodeName) {
        Node n = node(nodeName);
        synchronized (n) {
            n.kubelet.ifPresent(Kubelet::close);
            n.kubelet = Optional.empty();
        }
    }

    public boolean isRunning(String nodeName) {
        Node n = node(nodeName);
        synchronized (n) {
            return n.kubelet.isPresent();
        }
    }

    /** The node's simulated runtime. */
    public SimulatedRuntime runtime(String nodeName) {
        return node(nodeName).runtime;
    }

    private Node node(String name) {
        Node n;
        synchronized (nodes) {
            n = nodes.get(name);
        }
        if (n == null) throw new NoSuchElementException("no hollow node named " + name);
        return n;
    }

    /** Stops every kubelet and the fleet's timers; the Node objects stay in the API (they turn NotReady as lost nodes do). */
    @Override
    public void close() {
        List<Node> all;
        synchronized (nodes) {
            all = List.copyOf(nodes.values());
        }
        for (Node n : all) {
            synchronized (n) {
                n.kubelet.ifPresent(Kubelet::close);
                n.kubelet = Optional.empty();
            }
            if (n.events instanceof ClientEventRecorder r) r.close();
        }
        timers.shutdownNow();
    }
}
