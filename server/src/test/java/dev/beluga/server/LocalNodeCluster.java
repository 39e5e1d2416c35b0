package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beluga.cri.ContainerdSettings;
import dev.beluga.kubelet.network.Ipv4Cidr;
import dev.beluga.kubelet.network.PodNetworkFirewall;
import dev.beluga.kubelet.network.PodNetworkRules;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real `beluga server` that runs this machine as its node (managed containerd, runc, the CNI
 * bridge), driven by the real kubectl: the fixture of the container end-to-end tests. One per test
 * class, each on its own pod CIDR (so each gets its own bridge and address range).
 *
 * <p>Closing cleans up what outlives the server by design: containerd's shims keep containers
 * running after the server stops, so every workload and pod is deleted through the API (and waited
 * for) first, then leftover shims of this data directory are killed, its mounts unmounted, its
 * bridge and pod network iptables chains removed and the directory deleted.
 */
final class LocalNodeCluster implements AutoCloseable {
    static final String KUBECTL = "/usr/bin/kubectl";
    /** Upper bound for every wait on the cluster (bounded polls, never timed assertions). */
    static final Duration WAIT = Duration.ofSeconds(90);

    record Run(int code, String out) {}

    private final Path dataDir;
    private final String podCidr;
    /** The API server's bind address and the node's InternalIP. */
    private final String address;
    private final String clusterCidr;
    private final PrintWriter log;
    private BelugaServer server;

    private LocalNodeCluster(Path dataDir, String podCidr, String address, String clusterCidr, PrintWriter log) {
        this.dataDir = dataDir;
        this.podCidr = podCidr;
        this.address = address;
        this.clusterCidr = clusterCidr;
        this.log = log;
    }

    /** Skips (or fails with CI=true) when the machine cannot run containers; otherwise starts a server with a local node. */
    static LocalNodeCluster start(String podCidr) throws IOException, InterruptedException {
        return start(podCidr, "127.0.0.1", ClusterSettings.DEFAULT_CLUSTER_CIDR);
    }

    /** A server bound to {@code address} (also its node's InternalIP), with its own --cluster-cidr. */
    static LocalNodeCluster start(String podCidr, String address, String clusterCidr) throws IOException, InterruptedException {
        requireMachine();
        // Short: containerd's socket lives below it and a unix socket path has at most 108 bytes.
        Path dataDir = Files.createTempDirectory(Path.of("/tmp"), "bk");
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(dataDir.resolve("server.log"), StandardCharsets.UTF_8), true);
        LocalNodeCluster cluster = new LocalNodeCluster(dataDir, podCidr, address, clusterCidr, log);
        try {
            cluster.startServer();
        } catch (RuntimeException e) {
            cluster.cleanUpMachine();
            throw e;
        }
        return cluster;
    }

    private static void requireMachine() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) missing.add("root");
        for (String binary : List.of("/usr/bin/containerd", "/usr/bin/ctr", "/usr/sbin/runc", "/usr/lib/cni/bridge",
                "/usr/lib/cni/host-local", "/usr/lib/cni/loopback", "/usr/bin/catatonit", "/usr/bin/busybox", KUBECTL)) {
            if (!Files.isExecutable(Path.of(binary))) missing.add(binary);
        }
        if (missing.isEmpty()) return;
        String why = "real pods on containerd need " + String.join(", ", missing) + "; skipping the container end-to-end tests";
        if ("true".equals(System.getenv("CI"))) throw new IllegalStateException(why + " (CI=true: they must run)");
        assumeTrue(false, why);
    }

    private void startServer() {
        ClusterSettings cluster = new ClusterSettings(true, ControlPlaneSettings.DEFAULTS, 300, 300, 0, Duration.ZERO,
                Optional.of(new NodeSettings(Optional.empty(), Optional.of(address), podCidr, 0)), clusterCidr);
        server = BelugaServer.start(new ServerSettings(address, 0, dataDir, Duration.ofMinutes(5), 10_000).withCluster(cluster),
                Optional.of("beluga-e2e"), log);
    }

    /** Stops the server without touching its pods (they keep running under their shims) and starts a new one on the same data directory. */
    void restartServer() {
        server.close();
        server = null;
        startServer();
    }

    Path dataDir() {
        return dataDir;
    }

    Path containerdSocket() {
        return ContainerdSettings.of(dataDir.resolve("containerd"), podCidr).socketPath();
    }

    /** kubectl with this cluster's kubeconfig; bounded by coreutils' timeout so a hung call cannot hang the build. */
    Run kubectl(String stdin, String... args) throws IOException, InterruptedException {
        return run(120, stdin, args);
    }

    private Run run(int seconds, String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("timeout", Integer.toString(seconds), KUBECTL, "--kubeconfig", server.kubeconfig().toString()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", dataDir.toString());
        Process p = pb.start();
        if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 10L, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        return new Run(p.exitValue(), out);
    }

    /** kubectl left running (watch, attach, logs -f), its output read as it comes; the caller closes it. */
    RunningKubectl kubectlInBackground(String... args) throws IOException {
        return RunningKubectl.start(KUBECTL, server.kubeconfig(), dataDir, args);
    }

    /** kubectl that must succeed. */
    Run ok(String stdin, String... args) throws IOException, InterruptedException {
        Run r = kubectl(stdin, args);
        assertThat(r.code()).as("kubectl %s exited %d: %s", String.join(" ", args), r.code(), r.out()).isZero();
        return r;
    }

    void apply(String namespace, String yaml) throws IOException, InterruptedException {
        ok(yaml, "-n", namespace, "apply", "-f", "-");
    }

    /** A jsonpath of one object (empty when it does not exist). */
    String jsonpath(String namespace, String object, String path) throws IOException, InterruptedException {
        Run r = kubectl(null, "-n", namespace, "get", object, "-o", "jsonpath=" + path);
        return r.code() == 0 ? r.out().strip() : "";
    }

    /** Runs kubectl until its output satisfies {@code done} (bounded by {@link #WAIT}); fails naming what was awaited and the last output. */
    String await(String what, Predicate<String> done, String... args) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Run last;
        do {
            last = kubectl(null, args);
            if (last.code() == 0 && done.test(last.out().strip())) return last.out().strip();
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not reached within " + WAIT.toSeconds() + " s: " + what + "; kubectl " + String.join(" ", args)
                + " last said (exit " + last.code() + "): " + last.out());
    }

    String awaitPhase(String namespace, String pod, String phase) throws IOException, InterruptedException {
        return await("pod " + namespace + "/" + pod + " in phase " + phase, phase::equals,
                "-n", namespace, "get", "pod", pod, "-o", "jsonpath={.status.phase}");
    }

    void awaitReady(String namespace, String pod) throws IOException, InterruptedException {
        await("pod " + namespace + "/" + pod + " Ready", "True"::equals,
                "-n", namespace, "get", "pod", pod, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}");
    }

    /** The containers containerd holds in the CRI namespace (ids), straight from containerd rather than through the kubelet. */
    List<String> containerdContainers() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("timeout", "30", "/usr/bin/ctr", "--address", containerdSocket().toString(), "-n", "k8s.io",
                "containers", "ls", "-q").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(p.exitValue()).as("ctr containers ls: %s", out).isZero();
        return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    String serverLog() throws IOException {
        return Files.readString(dataDir.resolve("server.log"));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (server != null) {
                try {
                    deleteAllPods();
                } finally {
                    server.close();
                }
            }
        } finally {
            server = null;
            cleanUpMachine();
        }
    }

    /** Controllers first (they would replace pods), then the pods, waiting until the API has none left: the kubelet has stopped their containers. */
    private void deleteAllPods() throws IOException, InterruptedException {
        // Only kinds this server serves: kubectl deletes nothing at all when one of the listed kinds is unknown.
        Run workloads = kubectl(null, "delete", "deployments,statefulsets,replicasets", "--all", "--all-namespaces", "--wait=false");
        if (workloads.code() != 0) System.err.println("LocalNodeCluster: deleting the workloads failed: " + workloads.out());
        kubectl(null, "delete", "pods", "--all", "--all-namespaces", "--wait=false");
        long deadline = System.nanoTime() + WAIT.toNanos();
        Run r;
        do {
            r = kubectl(null, "get", "pods", "--all-namespaces", "-o", "jsonpath={.items[*].metadata.name}");
            // stderr is merged into the output, and kubectl may say "No resources found" there.
            if (r.code() == 0 && (r.out().isBlank() || r.out().strip().startsWith("No resources found"))) return;
            Thread.sleep(1000);
            // A controller that had not yet seen its own deletion may have made a pod after the first delete.
            kubectl(null, "delete", "pods", "--all", "--all-namespaces", "--wait=false");
        } while (System.nanoTime() < deadline);
        // Not a test failure (the scenarios have run), but worth seeing: the machine is cleaned up by force below.
        System.err.println("LocalNodeCluster: pods still present " + WAIT.toSeconds() + " s after deleting them: " + r.out());
    }

    /** What a stopped server leaves on the machine by design: shims (and their containers), mounts, the bridge, the directory. */
    private void cleanUpMachine() throws IOException, InterruptedException {
        try {
            cleanUpNodeDirectory(dataDir);
            // The node's pod network rules outlive it by design (running pods need them); a test's machine gets them removed.
            PodNetworkFirewall.remove(PodNetworkRules.chains(Ipv4Cidr.parse(podCidr), Ipv4Cidr.parse(clusterCidr)));
        } finally {
            log.close();
        }
    }

    /**
     * What a stopped node (a server's local node or a `beluga agent`) whose data lives in {@code dataDir}
     * leaves on the machine by design: shims (and their containers), mounts, the bridge, the directory.
     */
    static void cleanUpNodeDirectory(Path dataDir) throws IOException, InterruptedException {
        String dir = dataDir.toString();
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
                .filter(p -> cmdline(p).contains(dir) && (cmdline(p).contains("containerd-shim") || cmdline(p).contains("/usr/bin/containerd")))
                .toList();
        for (ProcessHandle p : leftovers) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (ProcessHandle p : leftovers) {
            p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join();
        }
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(line -> line.split(" ")[4])
                .filter(point -> point.startsWith(dir + "/") || point.equals(dir))
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        for (String point : mounts) {
            if (quiet("umount", point) != 0) quiet("umount", "-l", point);
        }
        quiet("ip", "link", "delete", ContainerdSettings.bridgeNameFor(dataDir.resolve("containerd")));
        ScratchDirectory.deleteTree(dataDir);
    }

    private static String cmdline(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"), StandardCharsets.ISO_8859_1).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return ""; // gone meanwhile, or not ours to read
        }
    }

    private static int quiet(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    /**
     * GETs {@code url} until the body contains {@code expected} (for at most {@link #WAIT}, half a second apart)
     * and returns the last body or error, for the caller to assert on. Bounded by time rather than by a number of
     * tries: a Ready pod's server may still be starting, for longer on a busy machine.
     */
    static String awaitHttpBody(URI url, String expected) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest get = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + WAIT.toNanos();
        String body = "";
        while (true) {
            try {
                body = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException e) {
                body = e.toString();
            }
            if (body.contains(expected) || System.nanoTime() > deadline) return body;
            Thread.sleep(500);
        }
    }
}
