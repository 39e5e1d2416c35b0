package dev.beluga.scheduler;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.client.informer.SharedInformer;
import dev.beluga.scheduler.algorithm.Profile;
import dev.beluga.scheduler.algorithm.SchedulingAlgorithm;
import dev.beluga.scheduler.cache.SchedulerCache;
import dev.beluga.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The default scheduler: places pods with schedulerName default-scheduler and no node on a node
 * through pods/binding. It reads pods, nodes and namespaces through the factory's shared informers
 * (starting the factory), keeps its own cache and queue, and runs one scheduling thread. Closing stops
 * it; the informers stay with the factory's owner.
 *
 * <pre>{@code
 * try (Scheduler s = Scheduler.start(client, informers, new ClientEventRecorder(client, "default-scheduler", ""))) { ... }
 * }</pre>
 */
public final class Scheduler implements AutoCloseable {
    private final SchedulingQueue queue;
    private final SchedulerCache cache;
    private final PodEventHandler podEvents;
    private final NodeEventHandler nodeEvents;
    private final Binder binder;
    private final Thread thread;

    private Scheduler(SchedulingQueue queue, SchedulerCache cache, PodEventHandler podEvents, NodeEventHandler nodeEvents,
                      Binder binder, Thread thread) {
        this.queue = queue;
        this.cache = cache;
        this.podEvents = podEvents;
        this.nodeEvents = nodeEvents;
        this.binder = binder;
        this.thread = thread;
    }

    public static Scheduler start(Client client, InformerFactory informers, EventRecorder events) {
        return start(client, informers, events, SchedulerOptions.defaults());
    }

    public static Scheduler start(Client client, InformerFactory informers, EventRecorder events, SchedulerOptions options) {
        SharedInformer<Pod> pods = informers.informer(Kind.PODS);
        SharedInformer<Node> nodes = informers.informer(Kind.NODES);
        SharedInformer<Namespace> namespaces = informers.informer(Kind.NAMESPACES);
        SchedulerCache cache = new SchedulerCache(ns -> namespaces.lister().get("", ns)
                .map(n -> n.getMetadata().getLabels() == null ? Map.<String, String>of() : n.getMetadata().getLabels())
                .orElse(Map.of()));
        SchedulingQueue queue = new SchedulingQueue(options.initialBackoff(), options.maxBackoff(), options.maxInUnschedulable(), System::nanoTime);
        Profile profile = Profile.defaults();
        PodEventHandler podEvents = new PodEventHandler(cache, queue, profile.schedulerName());
        NodeEventHandler nodeEvents = new NodeEventHandler(cache, queue);
        // Nodes first, so the pods replayed next find their nodes.
        nodes.addHandler(nodeEvents);
        pods.addHandler(podEvents);
        informers.start();

        Binder binder = new Binder(client, cache, queue, events, options.maxBindsInFlight());
        UnschedulableReporter reporter = new UnschedulableReporter(client, pods.lister(), events, Clock.systemUTC());
        SchedulingAlgorithm algorithm = new SchedulingAlgorithm(profile, options.percentageOfNodesToScore(), new SplittableRandom());
        SchedulingLoop loop = new SchedulingLoop(queue, cache, algorithm, binder, reporter,
                () -> pods.hasSynced() && nodes.hasSynced() && namespaces.hasSynced());
        Thread thread = Thread.ofPlatform().name("scheduler").daemon().start(loop);
        return new Scheduler(queue, cache, podEvents, nodeEvents, binder, thread);
    }

    /**
     * How many pods wait where, how many the cache counts on nodes, and the CPU time the scheduling
     * thread has used (decisions only: bindings and events run elsewhere), for diagnostics and benchmarks.
     */
    public record Status(SchedulingQueue.Counts queue, int placedPods, long schedulingThreadCpuNanos) {}

    public Status status() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(thread.threadId()) : -1;
        return new Status(queue.counts(), cache.podCount(), cpu);
    }

    @Override
    public void close() {
        podEvents.stop();
        nodeEvents.stop();
        queue.close();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        binder.close();
    }
}
