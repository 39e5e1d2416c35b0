package dev.beluga.scheduler.bench;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.ObjectList;
import dev.beluga.client.WatchHandle;
import dev.beluga.client.WatchHandler;
import dev.beluga.client.WatchRequest;
import dev.beluga.client.events.ClientEventRecorder;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.scheduler.Scheduler;
import dev.beluga.scheduler.SchedulerOptions;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;

/**
 * The scheduler benchmark, against any {@link Client} (the in-process one for `beluga bench
 * scheduler`). It creates N nodes (plain API objects: 32 cpu, 256 GiB, 110 pods each), then:
 * <ol>
 * <li>the floor: P' pods bound directly, round robin, with the scheduler's binding concurrency and
 *     no decision at all: the rate the API accepts bindings;</li>
 * <li>the scheduler: it starts (informers, queue, cache, events) and places a warm-up batch that is
 *     then deleted (so the JIT has compiled the paths before anything is timed); then P pods (100m cpu, 128 MiB, owned in
 *     groups of 100 like ReplicaSets' pods) are created by concurrent virtual threads, and a watch of
 *     bound pods stamps each pod's binding: pods bound per second from the first creation to the last
 *     binding, latency per pod (creation started → binding observed) p50/p99/max;</li>
 * <li>the heap used after a GC with everything in memory, and the time of one full LIST of pods.</li>
 * </ol>
 * Every phase is bounded: a run where bindings stop progressing for a minute ends with what it has.
 */
public final class SchedulerBenchmark {
    public static final String NAMESPACE = "bench-scheduler";
    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);
    private static final int FLOOR_PODS_MAX = 5_000;
    private static final int PODS_PER_OWNER = 100;
    private static final int WARM_UP_PODS_MAX = 3_000;

    /**
     * @param nodes           nodes to create
     * @param pods            pods the scheduler places
     * @param createClients   concurrent pod creators
     */
    public record Options(int nodes, int pods, int createClients) {
        public Options {
            if (nodes < 1 || pods < 1 || createClients < 1) throw new IllegalArgumentException("nodes, pods and clients must be positive");
        }
    }

    /** The figures one run measured. Times in nanoseconds unless named otherwise. */
    public record Report(int nodes, int pods, int bound, long nodesCreateNanos, int floorPods, long floorBindNanos,
                         long firstCreateToLastBoundNanos, long createPhaseNanos, long p50Nanos, long p99Nanos, long maxNanos,
                         long heapUsedAfterGc, long heapMax, long listNanos, int listedPods, int cores, long schedulingCpuNanos,
                         long processCpuNanos) {

        public double boundPerSecond() {
            return perSecond(bound, firstCreateToLastBoundNanos);
        }

        public double floorBindsPerSecond() {
            return perSecond(floorPods, floorBindNanos);
        }

        public double createdPerSecond() {
            return perSecond(pods, createPhaseNanos);
        }

        private static double perSecond(long count, long nanos) {
            return nanos <= 0 ? 0 : count * 1e9 / nanos;
        }

        public void print(PrintStream out) {
            out.printf("scheduler benchmark: %,d nodes, %,d pods, %d cores, max heap %s%n", nodes, pods, cores, mib(heapMax));
            out.printf("  nodes created                  %,d in %s%n", nodes, seconds(nodesCreateNanos));
            out.printf("  floor: bindings alone          %,.0f pods/s (%,d pods bound directly, no decisions)%n", floorBindsPerSecond(), floorPods);
            out.printf("  pods created                   %,.0f pods/s (%,d in %s)%n", createdPerSecond(), pods, seconds(createPhaseNanos));
            out.printf("  scheduled (creation -> bound)  %,.0f pods/s; %,d of %,d bound in %s%n", boundPerSecond(), bound, pods, seconds(firstCreateToLastBoundNanos));
            out.printf("  ratio to the floor             %.2f%n", floorBindsPerSecond() == 0 ? 0 : boundPerSecond() / floorBindsPerSecond());
            out.printf("  latency creation -> bound      p50 %s  p99 %s  max %s%n", millis(p50Nanos), millis(p99Nanos), millis(maxNanos));
            if (schedulingCpuNanos >= 0 && bound > 0) {
                out.printf("  scheduling thread CPU          %s in all, %.1f us per pod (decisions only)%n", seconds(schedulingCpuNanos), schedulingCpuNanos / 1e3 / bound);
            }
            if (processCpuNanos >= 0 && bound > 0) {
                out.printf("  process CPU while scheduling   %s, %.0f us per pod (creation, API, watches, scheduler, events)%n",
                        seconds(processCpuNanos), processCpuNanos / 1e3 / bound);
            }
            out.printf("  heap used after GC             %s%n", mib(heapUsedAfterGc));
            out.printf("  full LIST of pods              %s (%,d pods)%n", seconds(listNanos), listedPods);
        }

        private static String seconds(long nanos) {
            return String.format("%.2f s", nanos / 1e9);
        }

        private static String millis(long nanos) {
            return String.format("%.1f ms", nanos / 1e6);
        }

        private static String mib(long bytes) {
            return String.format("%,d MiB", bytes >> 20);
        }
    }

    private final Client client;
    private final Options options;
    private final PrintStream progress;

    public SchedulerBenchmark(Client client, Options options, PrintStream progress) {
        this.client = client;
        this.options = options;
        this.progress = progress;
    }

    public Report run() throws InterruptedException {
        ensureNamespace();
        long t0 = System.nanoTime();
        parallel(options.nodes(), 32, i -> client.create(Kind.NODES, node(i)));
        long nodesCreate = System.nanoTime() - t0;
        progress.printf("created %,d nodes in %.1f s%n", options.nodes(), nodesCreate / 1e9);

        SchedulerOptions schedulerOptions = SchedulerOptions.defaults();
        int floorPods = Math.min(options.pods(), FLOOR_PODS_MAX);
        long floorNanos = measureFloor(floorPods, schedulerOptions.maxBindsInFlight());
        progress.printf("floor: %,d direct bindings in %.2f s%n", floorPods, floorNanos / 1e9);

        int pods = options.pods();
        AtomicLongArray createdAt = new AtomicLongArray(pods);
        AtomicLongArray boundAt = new AtomicLongArray(pods);
        AtomicInteger bound = new AtomicInteger();
        AtomicLong lastBound = new AtomicLong();

        try (InformerFactory informers = new InformerFactory(client);
             ClientEventRecorder events = new ClientEventRecorder(client, "default-scheduler", "bench");
             Scheduler scheduler = Scheduler.start(client, informers, events, schedulerOptions);
             BoundWatch watch = new BoundWatch(client, boundAt, bound, lastBound)) {
            if (!informers.waitForSync(Duration.ofMinutes(2))) throw new IllegalStateException("informers did not sync within 2 minutes");
            warmUp(scheduler, Math.min(pods, WARM_UP_PODS_MAX));

            long cpuStart = processCpuNanos();
            long createStart = System.nanoTime();
            Thread creators = Thread.ofVirtual().start(() -> {
                try {
                    parallel(pods, options.createClients(), i -> {
                        createdAt.set(i, System.nanoTime());
                        client.create(Kind.PODS, pod(i));
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long createEnd = waitForBindings(pods, bound, creators, scheduler);
            long createPhase = createEnd - createStart;
            long cpuUsed = cpuStart < 0 ? -1 : processCpuNanos() - cpuStart;

            long firstCreate = Long.MAX_VALUE;
            long[] latencies = new long[pods];
            int n = 0;
            for (int i = 0; i < pods; i++) {
                long c = createdAt.get(i);
                if (c != 0) firstCreate = Math.min(firstCreate, c);
                long b = boundAt.get(i);
                if (c != 0 && b != 0) latencies[n++] = Math.max(0, b - c);
            }
            Arrays.sort(latencies, 0, n);
            long span = n == 0 ? 0 : lastBound.get() - firstCreate;

            System.gc();
            System.gc();
            long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long listStart = System.nanoTime();
            ObjectList<Pod> all = client.list(Kind.PODS, "", ListRequest.ALL);
            long listNanos = System.nanoTime() - listStart;

            return new Report(options.nodes(), pods, bound.get(), nodesCreate, floorPods, floorNanos, span, createPhase,
                    percentile(latencies, n, 0.50), percentile(latencies, n, 0.99), n == 0 ? 0 : latencies[n - 1],
                    heapUsed, Runtime.getRuntime().maxMemory(), listNanos, all.items().size(), Runtime.getRuntime().availableProcessors(),
                    scheduler.status().schedulingThreadCpuNanos(), cpuUsed);
        }
    }

    /** Waits until every pod is bound or bindings stall; returns when the creators finished. */
    private long waitForBindings(int pods, AtomicInteger bound, Thread creators, Scheduler scheduler) throws InterruptedException {
        long createEnd = 0;
        long lastProgress = System.nanoTime();
        long lastReport = lastProgress;
        int lastCount = 0;
        while (bound.get() < pods) {
            Thread.sleep(20);
            long now = System.nanoTime();
            if (createEnd == 0 && !creators.isAlive()) createEnd = now;
            int count = bound.get();
            if (count != lastCount) {
                lastCount = count;
                lastProgress = now;
            } else if (now - lastProgress > STALL_LIMIT.toNanos()) {
                progress.printf("bindings stalled at %,d of %,d pods for %d s; reporting what was measured%n", count, pods, STALL_LIMIT.toSeconds());
                break;
            }
            if (now - lastReport > Duration.ofSeconds(5).toNanos()) {
                lastReport = now;
                progress.printf("bound %,d of %,d; %s%n", count, pods, scheduler.status());
            }
        }
        creators.join();
        return createEnd == 0 ? System.nanoTime() : createEnd;
    }

    /** Has the scheduler place a batch of pods, then deletes them: the JIT compiles what the timed phase runs. */
    private void warmUp(Scheduler scheduler, int count) throws InterruptedException {
        long start = System.nanoTime();
        parallel(count, options.createClients(), i -> {
            Pod pod = pod(i);
            pod.getMetadata().setName("warm-" + i);
            client.create(Kind.PODS, pod);
        });
        waitUntil(() -> scheduler.status().placedPods() >= count, "the warm-up pods to be placed");
        var now = new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build();
        parallel(count, options.createClients(), i -> client.delete(Kind.PODS, NAMESPACE, "warm-" + i, now));
        waitUntil(() -> scheduler.status().placedPods() == 0, "the warm-up pods to be gone");
        progress.printf("warm-up: %,d pods placed and deleted in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + STALL_LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    /** Creates pods the scheduler does not own and binds them directly, timed: the API's binding rate. */
    private long measureFloor(int count, int concurrency) throws InterruptedException {
        parallel(count, options.createClients(), i -> client.create(Kind.PODS, floorPod(i)));
        long start = System.nanoTime();
        parallel(count, concurrency, i -> client.bind(NAMESPACE, "floor-" + i, "", nodeName(i % options.nodes())));
        long nanos = System.nanoTime() - start;
        var now = new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build();
        parallel(count, options.createClients(), i -> client.delete(Kind.PODS, NAMESPACE, "floor-" + i, now));
        return nanos;
    }

    private void ensureNamespace() {
        try {
            client.create(Kind.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build());
        } catch (StatusException e) {
            if (e.code() != 409) throw e;
        }
    }

    static String nodeName(int i) {
        return String.format("bench-node-%05d", i);
    }

    static Node node(int i) {
        Map<String, Quantity> alloc = Map.of("cpu", new Quantity("32"), "memory", new Quantity("256Gi"), "pods", new Quantity("110"));
        String name = nodeName(i);
        return new NodeBuilder()
                .withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).addToLabels("kubernetes.io/os", "linux").endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withCapacity(alloc).withAllocatable(alloc)
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").endCondition()
                .endStatus()
                .build();
    }

    /** One spec shared by every benchmark pod: clients never modify what they are given, and building it per pod would be measured too. */
    private static final io.fabric8.kubernetes.api.model.PodSpec SPEC = podBuilder("template", "default-scheduler").build().getSpec();

    static Pod pod(int i) {
        int owner = i / PODS_PER_OWNER;
        ObjectMeta meta = new ObjectMeta();
        meta.setNamespace(NAMESPACE);
        meta.setName("pod-" + i);
        meta.setLabels(Map.of("app", "bench-" + owner));
        meta.setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName("bench-" + owner).withUid(String.format("00000000-0000-0000-0000-%012d", owner)).withController(true).build()));
        Pod pod = new Pod();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.setMetadata(meta);
        pod.setSpec(SPEC);
        return pod;
    }

    private static Pod floorPod(int i) {
        // Another scheduler's name: the default scheduler leaves these alone.
        return podBuilder("floor-" + i, "bench-floor").build();
    }

    private static PodBuilder podBuilder(String name, String schedulerName) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(NAMESPACE).withName(name).endMetadata()
                .withNewSpec().withSchedulerName(schedulerName)
                .addToContainers(new ContainerBuilder().withName("app").withImage("busybox:1.36")
                        .withNewResources().addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi")).endResources()
                        .build())
                .endSpec();
    }

    /** CPU time of the whole process, or -1 where the JVM does not say. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    private static long percentile(long[] sorted, int n, double q) {
        if (n == 0) return 0;
        return sorted[Math.min(n - 1, (int) Math.ceil(q * n) - 1)];
    }

    /** Runs {@code task(0..count-1)} on {@code threads} virtual threads; the first failure is rethrown. */
    private static void parallel(int count, int threads, IntConsumer task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> first = new java.util.concurrent.atomic.AtomicReference<>();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < count && first.get() == null; i = next.getAndIncrement()) {
                        try {
                            task.accept(i);
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                            first.compareAndSet(null, e);
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        if (first.get() != null) throw first.get();
    }

    /**
     * Watches the benchmark's bound pods (field selector spec.nodeName!=) and stamps when each one's
     * binding was seen. A watch that ends early (it fell too far behind) is resumed from its last
     * resourceVersion; stamps are first-seen, so replays change nothing.
     */
    private static final class BoundWatch implements AutoCloseable {
        private final Client client;
        private final AtomicLongArray boundAt;
        private final AtomicInteger bound;
        private final AtomicLong lastBound;
        private volatile String resourceVersion;
        private volatile boolean closed;
        private volatile WatchHandle handle;

        BoundWatch(Client client, AtomicLongArray boundAt, AtomicInteger bound, AtomicLong lastBound) {
            this.client = client;
            this.boundAt = boundAt;
            this.bound = bound;
            this.lastBound = lastBound;
            this.resourceVersion = client.list(Kind.PODS, NAMESPACE, ListRequest.ALL.page(1, "")).resourceVersion();
            open();
        }

        private void open() {
            handle = client.watch(Kind.PODS, NAMESPACE, WatchRequest.from(resourceVersion).withFields("spec.nodeName!="), new WatchHandler<>() {
                @Override
                public void onEvent(EventType type, Pod pod) {
                    long now = System.nanoTime();
                    String rv = pod.getMetadata().getResourceVersion();
                    if (rv != null) resourceVersion = rv;
                    String name = pod.getMetadata().getName();
                    if (type == EventType.DELETED || !name.startsWith("pod-")) return;
                    int i = Integer.parseInt(name, 4, name.length(), 10);
                    if (i < boundAt.length() && boundAt.compareAndSet(i, 0, now)) {
                        bound.incrementAndGet();
                        lastBound.accumulateAndGet(now, Math::max);
                    }
                }

                @Override
                public void onBookmark(String rv) {
                    resourceVersion = rv;
                }

                @Override
                public void onClose(Optional<StatusException> error) {
                    if (closed) return;
                    if (error.isPresent() && error.get().code() == 410) resourceVersion = "0";
                    open();
                }
            });
        }

        @Override
        public void close() {
            closed = true;
            WatchHandle h = handle;
            if (h != null) h.close();
        }
    }
}
