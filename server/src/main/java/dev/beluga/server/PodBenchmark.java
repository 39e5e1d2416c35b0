package dev.beluga.server;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.WatchHandle;
import dev.beluga.client.WatchHandler;
import dev.beluga.client.WatchRequest;
import dev.beluga.client.http.HttpTransport;
import dev.beluga.cri.ContainerdSettings;
import dev.beluga.cri.CriFloor;
import dev.beluga.cri.CriRuntime;
import dev.beluga.cri.images.ProjectImages;
import dev.beluga.kubelet.KubeletTimings;
import dev.beluga.kubelet.network.Ipv4Cidr;
import dev.beluga.kubelet.network.PodNetworkFirewall;
import dev.beluga.kubelet.network.PodNetworkRules;
import dev.beluga.kubelet.runtime.ImageSpec;
import dev.beluga.kubelet.runtime.SandboxFilter;
import dev.beluga.kubelet.runtime.SandboxSummary;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The pod start-up benchmark: a throwaway server with this machine as its node (managed containerd in
 * a short temp dir, its own pod CIDR) measures create → all containers running, as a client sees it
 * through a watch, for pods created one at a time and for a burst created at once, beside the CRI
 * floor measured directly on the same containerd. Everything it started is removed again, including
 * what containerd leaves behind outside the JVM's reach (shims, mounts, the CNI bridge).
 */
final class PodBenchmark {
    /** The node's address: the API server's calls to the kubelet stay on loopback, as the benchmark's other traffic does. */
    private static final String LOOPBACK = "127.0.0.1";

    static final String NAMESPACE = "beluga-bench";
    static final String IMAGE = "busybox:1.35";
    private static final String LABEL = "beluga.dev/bench";
    private static final Duration SERIAL_POD_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BURST_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration NODE_READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DELETE_TIMEOUT = Duration.ofMinutes(2);
    private static final int WARM_UP_PODS = 2;
    /** A node reports pods=110 (upstream's default max pods), so a larger burst would wait for capacity, not for the kubelet. */
    static final int MAX_BURST = 110;

    /**
     * @param serial       pods created one at a time, each waited for before the next
     * @param burst        pods created at once
     * @param floorSamples CRI floor samples
     * @param podCidr      the throwaway node's pod network
     * @param parent       where the temp data dir goes (default: the system temp dir); its socket path must stay short
     */
    record Options(int serial, int burst, int floorSamples, String podCidr, Optional<Path> parent) {
        Options {
            if (serial < 1) throw new IllegalArgumentException("--serial must be at least 1, not " + serial);
            if (burst < 1 || burst > MAX_BURST) {
                throw new IllegalArgumentException("--burst must be 1-" + MAX_BURST + " (a node runs at most " + MAX_BURST + " pods), not " + burst);
            }
            if (floorSamples < 1) throw new IllegalArgumentException("--floor must be at least 1, not " + floorSamples);
            // Validates the CIDR the way `beluga server --pod-cidr` does.
            new NodeSettings(Optional.empty(), Optional.empty(), podCidr, 0);
            int prefix = Integer.parseInt(podCidr.substring(podCidr.indexOf('/') + 1));
            // host-local hands out the range minus network, gateway and broadcast addresses.
            long addresses = prefix >= 31 ? 0 : (1L << (32 - prefix)) - 3;
            if (addresses < burst + WARM_UP_PODS) {
                throw new IllegalArgumentException("--pod-cidr " + podCidr + " has " + addresses + " pod addresses, fewer than the burst of " + burst);
            }
        }
    }

    /** Nanosecond durations, sorted, with nearest-rank percentiles. */
    record Latencies(long[] sorted) {
        static Latencies of(List<Long> nanos) {
            return new Latencies(nanos.stream().mapToLong(Long::longValue).sorted().toArray());
        }

        int count() {
            return sorted.length;
        }

        double percentileMillis(int p) {
            if (sorted.length == 0) return Double.NaN;
            return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1))] / 1e6;
        }

        double p50() {
            return percentileMillis(50);
        }

        double p99() {
            return percentileMillis(99);
        }
    }

    /** One phase's figures: create → bound, → all containers running, → Ready; pods that never started. */
    record Phase(String name, int pods, Latencies bound, Latencies running, Latencies ready, int notStarted, Duration wall) {}

    /** The floor: the whole start-up, and its two halves. */
    record Floor(Latencies total, Latencies sandbox, Latencies container) {
        static Floor of(List<CriFloor.Sample> samples) {
            return new Floor(Latencies.of(samples.stream().map(s -> s.total().toNanos()).toList()),
                    Latencies.of(samples.stream().map(s -> s.runPodSandbox().toNanos()).toList()),
                    Latencies.of(samples.stream().map(s -> s.createAndStart().toNanos()).toList()));
        }
    }

    record Report(String node, Floor floor, Floor burstFloor, Phase serial, Phase burst) {
        void print(PrintStream out) {
            out.printf("CRI floor (RunPodSandbox + CreateContainer + StartContainer, then teardown; %d samples): p50 %.1f ms, p99 %.1f ms"
                            + " (sandbox p50 %.1f ms, container create+start p50 %.1f ms)%n",
                    floor.total.count(), floor.total.p50(), floor.total.p99(), floor.sandbox.p50(), floor.container.p50());
            out.printf("CRI floor, %d at once (each sample torn down as it ends): p50 %.1f ms, p99 %.1f ms (sandbox p50 %.1f ms, p99 %.1f ms)%n",
                    burstFloor.total.count(), burstFloor.total.p50(), burstFloor.total.p99(), burstFloor.sandbox.p50(), burstFloor.sandbox.p99());
            for (Phase phase : List.of(serial, burst)) {
                out.printf("%s: %d pods in %.1f s; create -> all containers running p50 %.1f ms, p99 %.1f ms (-> bound p50 %.1f ms, p99 %.1f ms;"
                                + " -> Ready p50 %.1f ms, p99 %.1f ms)%s%n",
                        phase.name, phase.pods, phase.wall.toMillis() / 1e3, phase.running.p50(), phase.running.p99(),
                        phase.bound.p50(), phase.bound.p99(), phase.ready.p50(), phase.ready.p99(),
                        phase.notStarted == 0 ? "" : "; " + phase.notStarted + " never started");
            }
            for (Phase phase : List.of(serial, burst)) {
                out.printf("ratio %s / floor: p50 %.2f (%+.0f ms over the floor; target <= +50 ms), p99 %.2f (p99 %.0f ms; target <= 1000 ms)%n",
                        phase.name, phase.running.p50() / floor.total.p50(), phase.running.p50() - floor.total.p50(),
                        phase.running.p99() / floor.total.p99(), phase.running.p99());
            }
            out.printf("ratio %s / floor at once: p50 %.2f, p99 %.2f%n", burst.name,
                    burst.running.p50() / burstFloor.total.p50(), burst.running.p99() / burstFloor.total.p99());
        }
    }

    private final Options options;
    private final PrintStream out;

    PodBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    Report run() throws Exception {
        try (ScratchDirectory root = ScratchDirectory.create(options.parent(), "bpb-")) {
            Path dataDir = root.path().resolve("d");
            Path containerdDir = dataDir.resolve("containerd");
            ContainerdSettings containerd = ContainerdSettings.of(containerdDir, options.podCidr());
            ServerSettings settings = new ServerSettings("127.0.0.1", 0, dataDir, Duration.ofMinutes(5), 10_000)
                    // A one-node cluster: its pod network is the whole cluster's.
                    .withCluster(new ClusterSettings(true, ControlPlaneSettings.DEFAULTS, 300, 300, 0, Duration.ZERO,
                            Optional.of(new NodeSettings(Optional.empty(), Optional.of(LOOPBACK), options.podCidr(), 0)), options.podCidr()));
            try {
                return measure(settings, containerd);
            } finally {
                new Leftovers(dataDir, containerd.bridgeName(), options.podCidr(), out).remove();
            }
        }
    }

    private Report measure(ServerSettings settings, ContainerdSettings containerd) throws Exception {
        Report report;
        try (BelugaServer server = BelugaServer.start(settings, Optional.of("beluga-bench"), new PrintWriter(out, true, StandardCharsets.UTF_8));
             Client client = HttpTransport.fromKubeconfig(server.kubeconfig());
             CriRuntime cri = CriRuntime.connect(containerd.socketPath())) {
            String node = awaitReadyNode(client);
            out.printf("beluga bench pods: node %s on containerd %s; image %s (sleep 3600); kubelet relist period %d ms"
                            + " (containerd 1.6 streams no container events)%n",
                    node, containerd.socketPath(), IMAGE, KubeletTimings.upstream().relistPeriod().toMillis());
            client.create(Kind.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build());
            try {
                CriFloor floorRun = new CriFloor(cri, ImageSpec.of(ProjectImages.BUSYBOX_VERSION_NAME), settings.dataDir().resolve("floor-logs"));
                floorRun.measure(1); // unmeasured: the first sandbox pays for one-time set-up (CNI bridge, snapshot)
                Floor floor = Floor.of(floorRun.measure(options.floorSamples()));
                out.printf("  floor measured: p50 %.1f ms%n", floor.total().p50());
                Floor burstFloor = concurrentFloor(floorRun, options.burst());
                out.printf("  burst floor measured: p50 %.1f ms%n", burstFloor.total().p50());
                try (PodStarts starts = PodStarts.watch(client)) {
                    serial(client, starts, "warm-up", WARM_UP_PODS);
                    deleteAll(client);
                    Phase serial = serial(client, starts, "serial", options.serial());
                    out.printf("  serial done: p50 %.1f ms%n", serial.running().p50());
                    deleteAll(client);
                    Phase burst = burst(client, starts, options.burst());
                    out.printf("  burst done: p50 %.1f ms%n", burst.running().p50());
                    report = new Report(node, floor, burstFloor, serial, burst);
                }
            } finally {
                tearDown(client, cri);
            }
        }
        return report;
    }

    /**
     * The floor under the burst: as many samples as the burst's pods, all started at once, so the runtime's
     * own contention (CNI, shims, runc on the same cores) is measured beside the kubelet's.
     */
    private static Floor concurrentFloor(CriFloor floorRun, int count) throws Exception {
        List<java.util.concurrent.Future<List<CriFloor.Sample>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) futures.add(pool.submit(() -> floorRun.measure(1)));
        }
        List<CriFloor.Sample> samples = new ArrayList<>();
        for (var f : futures) samples.addAll(f.get());
        return Floor.of(samples);
    }

    private static String awaitReadyNode(Client client) throws InterruptedException {
        List<Node> ready = new ArrayList<>();
        boolean found = poll(NODE_READY_TIMEOUT, () -> {
            ready.clear();
            client.list(Kind.NODES, "", ListRequest.ALL).items().stream().filter(PodBenchmark::isReady).forEach(ready::add);
            return !ready.isEmpty();
        });
        if (!found) throw new CommandFailure("the benchmark's node did not become Ready within " + NODE_READY_TIMEOUT.toSeconds() + " s");
        return ready.getFirst().getMetadata().getName();
    }

    private Phase serial(Client client, PodStarts starts, String name, int count) throws InterruptedException {
        long start = System.nanoTime();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String pod = name + "-" + i;
            names.add(pod);
            starts.create(client, pod(pod));
            poll(SERIAL_POD_TIMEOUT, () -> starts.running(pod).isPresent() || starts.failed());
            starts.throwIfFailed();
        }
        return starts.phase(name + " (one at a time)", names, Duration.ofNanos(System.nanoTime() - start));
    }

    private Phase burst(Client client, PodStarts starts, int count) throws InterruptedException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) names.add("burst-" + i);
        long start = System.nanoTime();
        try (ExecutorService creators = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String pod : names) creators.submit(() -> starts.create(client, pod(pod)));
        }
        poll(BURST_TIMEOUT, () -> names.stream().allMatch(n -> starts.running(n).isPresent()) || starts.failed());
        starts.throwIfFailed();
        return starts.phase("burst (" + count + " at once)", names, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void deleteAll(Client client) throws InterruptedException {
        for (Pod pod : client.list(Kind.PODS, NAMESPACE, ListRequest.ALL).items()) {
            try {
                client.delete(Kind.PODS, NAMESPACE, pod.getMetadata().getName(), new DeleteOptions());
            } catch (RuntimeException e) {
                // Gone already, or the API refuses: the wait below says whether pods remain.
            }
        }
        boolean gone = poll(DELETE_TIMEOUT, () -> client.list(Kind.PODS, NAMESPACE, ListRequest.ALL).items().isEmpty());
        if (!gone) throw new CommandFailure("benchmark pods were not deleted within " + DELETE_TIMEOUT.toSeconds() + " s");
    }

    /** Pods through the API first (the kubelet stops their containers), then whatever sandboxes remain, straight through CRI. */
    private void tearDown(Client client, CriRuntime cri) {
        try {
            deleteAll(client);
        } catch (RuntimeException e) {
            out.println("  cleanup: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            for (SandboxSummary sandbox : cri.listPodSandboxes(SandboxFilter.all())) {
                cri.stopPodSandbox(sandbox.id());
                cri.removePodSandbox(sandbox.id());
            }
        } catch (RuntimeException e) {
            out.println("  cleanup: sandboxes not removed through CRI: " + e.getMessage());
        }
    }

    static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).addToLabels(LABEL, "pods").endMetadata()
                .withNewSpec()
                // busybox sleep as PID 1 ignores SIGTERM: a short grace keeps the deletions between phases short.
                .withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("c").withImage(IMAGE).withCommand("sleep", "3600").endContainer()
                .endSpec().build();
    }

    /** Whether every container of the pod's spec is running (started, in upstream's sense of a running state with startedAt). */
    static boolean allContainersRunning(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getContainers().isEmpty() || pod.getStatus() == null) return false;
        List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
        return pod.getSpec().getContainers().stream().allMatch(c -> statuses.stream()
                .anyMatch(s -> c.getName().equals(s.getName()) && s.getState() != null && s.getState().getRunning() != null
                        && s.getState().getRunning().getStartedAt() != null));
    }

    static boolean isBound(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && conditionTrue(pod.getStatus().getConditions(), "Ready");
    }

    private static boolean isReady(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean conditionTrue(List<PodCondition> conditions, String type) {
        return conditions.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Waits for {@code done} up to {@code timeout}, checking every 5 ms (the figures are milliseconds; the watch thread records them, not this loop). */
    private static boolean poll(Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.getAsBoolean()) return true;
            Thread.sleep(5);
        }
        return done.getAsBoolean();
    }

    /**
     * The client's view of pod start-up: when each pod was created (just before its POST) and when a
     * watch first showed it bound, with all containers running, and Ready — all on this JVM's one clock.
     */
    static final class PodStarts implements WatchHandler<Pod>, AutoCloseable {
        private final Map<String, Long> created = new ConcurrentHashMap<>();
        private final Map<String, Long> bound = new ConcurrentHashMap<>();
        private final Map<String, Long> running = new ConcurrentHashMap<>();
        private final Map<String, Long> ready = new ConcurrentHashMap<>();
        private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile WatchHandle handle;

        static PodStarts watch(Client client) {
            PodStarts starts = new PodStarts();
            String rv = client.list(Kind.PODS, NAMESPACE, ListRequest.ALL).resourceVersion();
            starts.handle = client.watch(Kind.PODS, NAMESPACE, WatchRequest.from(rv), starts);
            return starts;
        }

        void create(Client client, Pod pod) {
            String name = pod.getMetadata().getName();
            created.put(name, System.nanoTime());
            try {
                client.create(Kind.PODS, pod);
            } catch (RuntimeException e) {
                failures.add("creating pod " + name + ": " + e.getMessage());
            }
        }

        @Override
        public void onEvent(EventType type, Pod pod) {
            long now = System.nanoTime();
            if (type == EventType.DELETED) return;
            String name = pod.getMetadata().getName();
            if (isBound(pod)) bound.putIfAbsent(name, now);
            if (allContainersRunning(pod)) running.putIfAbsent(name, now);
            if (isReady(pod)) ready.putIfAbsent(name, now);
        }

        @Override
        public void onClose(Optional<dev.beluga.api.errors.StatusException> error) {
            if (handle != null) error.ifPresent(e -> failures.add("the pod watch ended: " + e.getMessage()));
        }

        Optional<Long> running(String name) {
            return Optional.ofNullable(running.get(name));
        }

        boolean failed() {
            return !failures.isEmpty();
        }

        void throwIfFailed() {
            if (failed()) throw new CommandFailure(String.join("; ", failures));
        }

        Phase phase(String phase, List<String> names, Duration wall) {
            int notStarted = (int) names.stream().filter(n -> !running.containsKey(n)).count();
            return new Phase(phase, names.size(), since(bound, names), since(running, names), since(ready, names), notStarted, wall);
        }

        private Latencies since(Map<String, Long> milestone, List<String> names) {
            return Latencies.of(names.stream().filter(n -> milestone.containsKey(n) && created.containsKey(n))
                    .map(n -> milestone.get(n) - created.get(n)).toList());
        }

        @Override
        public void close() {
            WatchHandle h = handle;
            handle = null;
            if (h != null) h.close();
        }
    }

    /**
     * What containerd leaves outside the data dir's files once the server is closed: shims of this data
     * dir (and the containers under them, should any remain), mounts under it (rootfs, shm), the CNI
     * bridge named after it, and the node's pod network rules (a real node keeps them for its pods; the
     * throwaway node has none left).
     */
    record Leftovers(Path dataDir, String bridge, String podCidr, PrintStream out) {
        void remove() {
            String dir = dataDir.toAbsolutePath().normalize().toString();
            // A containerd still running here means the server did not stop it (a failure on the way); its shims follow.
            for (String binary : List.of("containerd", "containerd-shim-runc-v2")) {
                ProcessHandle.allProcesses()
                        .filter(p -> p.info().command().map(c -> c.endsWith("/" + binary)).orElse(false))
                        .filter(p -> p.info().arguments().map(args -> Stream.of(args).anyMatch(a -> a.contains(dir))).orElse(false))
                        .forEach(process -> {
                            process.descendants().forEach(ProcessHandle::destroyForcibly);
                            process.destroyForcibly();
                            process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> process).join();
                            out.println("  cleanup: killed leftover " + binary + " " + process.pid());
                        });
            }
            for (String mount : mountsUnder(dir)) run("umount", "-l", mount);
            if (Files.exists(Path.of("/sys/class/net", bridge))) run("ip", "link", "delete", bridge);
            try {
                Ipv4Cidr cidr = Ipv4Cidr.parse(podCidr);
                PodNetworkFirewall.remove(PodNetworkRules.chains(cidr, cidr));
            } catch (IOException e) {
                out.println("  cleanup: cannot remove the pod network rules of " + podCidr + ": " + e.getMessage());
            }
        }

        private List<String> mountsUnder(String dir) {
            try {
                return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                        .map(line -> unescape(line.split(" ")[4]))
                        .filter(m -> m.startsWith(dir + "/"))
                        .sorted(Comparator.comparingInt(String::length).reversed())
                        .toList();
            } catch (IOException e) {
                out.println("  cleanup: cannot read /proc/self/mountinfo: " + e.getMessage());
                return List.of();
            }
        }

        /** mountinfo escapes space, tab, newline and backslash as octal. */
        private static String unescape(String field) {
            return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
        }

        private void run(String... command) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    out.println("  cleanup: " + String.join(" ", command) + " failed: " + output);
                }
            } catch (IOException e) {
                out.println("  cleanup: cannot run " + command[0] + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
