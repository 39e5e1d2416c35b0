package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.WatchHandle;
import dev.beluga.client.WatchHandler;
import dev.beluga.client.WatchRequest;
import dev.beluga.client.http.ClusterConnection;
import dev.beluga.client.http.HttpTransport;
import dev.beluga.client.leader.LeaderTimings;
import dev.beluga.storage.etcd.EtcdProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three `beluga server`s on one real etcd serve one cluster (issue 6, "several API servers"). Server a
 * runs as a child JVM so that it can be killed with SIGKILL, a crash that releases nothing; b and c run
 * in this JVM, c with three hollow nodes. Lease timings are short (8 s / 6 s / 1 s) to keep it quick, yet long
 * enough that a leader on a busy machine keeps its Leases until it is killed (with 4 s / 3 s, a child JVM starved for
 * a few seconds while b and c start could lose them to b or c before the test kills it, which the test assumes not).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralServersOnEtcdTest {
    private static final Duration LEASE = Duration.ofSeconds(8);
    private static final LeaderTimings TIMINGS = new LeaderTimings(LEASE, Duration.ofSeconds(6), Duration.ofSeconds(1));
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("listening on (https://\\S+)");
    private static final List<String> LEASES = List.of("kube-scheduler", "kube-controller-manager");

    private Path dir;
    private EtcdProcess etcd;
    private Process serverA;
    private String urlA;
    private BelugaServer serverB;
    private BelugaServer serverC;
    private final List<Client> clients = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("h23ha");
        etcd = EtcdProcess.start(dir.resolve("etcd"));
        serverA = startChild("server-a", dir.resolve("a"));
        urlA = awaitListening(dir.resolve("a.log"));
        // a starts first and alone, so it holds both Leases before b and c are candidates.
        Client a = client(dir.resolve("a"), urlA);
        await("server a holds both leases", () -> LEASES.stream().allMatch(l -> holder(a, l).startsWith("server-a_")));
        serverB = BelugaServer.start(settings(dir.resolve("b"), 0, "server-b"), Optional.of("localhost"), quiet());
        serverC = BelugaServer.start(settings(dir.resolve("c"), 3, "server-c"), Optional.of("localhost"), quiet());
    }

    @AfterAll
    void stop() throws IOException {
        clients.forEach(Client::close);
        if (serverA != null) {
            // Gone before its data dir is deleted below (and before the next class starts).
            serverA.destroyForcibly();
            try {
                serverA.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (serverC != null) serverC.close();
        if (serverB != null) serverB.close();
        if (etcd != null) etcd.close();
        if (dir != null) ScratchDirectory.deleteTree(dir);
    }

    @Test
    @Order(1)
    void everyServerTrustsEveryKubeconfig() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!Files.isExecutable(Path.of("/usr/bin/kubectl"))) {
            if (ci) throw new IllegalStateException("kubectl is not at /usr/bin/kubectl and CI=true");
            assumeTrue(false, "kubectl is not installed; skipping the kubeconfig check");
        }
        Map<String, Path> kubeconfigs = Map.of("a", dir.resolve("a/kubeconfig.yaml"), "b", serverB.kubeconfig(), "c", serverC.kubeconfig());
        Map<String, String> urls = Map.of("a", urlA, "b", serverB.url().toString(), "c", serverC.url().toString());
        for (var kubeconfig : kubeconfigs.entrySet()) {
            for (var url : urls.entrySet()) {
                ProcessBuilder pb = new ProcessBuilder("/usr/bin/kubectl", "--kubeconfig", kubeconfig.getValue().toString(),
                        "--server", url.getValue(), "get", "namespace", "kube-system", "-o", "name").redirectErrorStream(true);
                pb.environment().put("HOME", dir.toString());
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(out.strip()).as("kubectl with %s's kubeconfig against server %s", kubeconfig.getKey(), url.getKey())
                        .isEqualTo("namespace/kube-system");
            }
        }
    }

    @Test
    @Order(2)
    void aWatchOnOneServerSeesTheWritesThroughAnotherInOrder() throws Exception {
        Client b = client(dir.resolve("b"), serverB.url().toString());
        Client c = client(dir.resolve("c"), serverC.url().toString());
        b.create(Kind.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName("order").endMetadata().build());
        String from = c.list(Kind.CONFIGMAPS, "order", ListRequest.ALL).resourceVersion();
        List<ConfigMap> seen = new CopyOnWriteArrayList<>();
        WatchHandle watch = c.watch(Kind.CONFIGMAPS, "order", WatchRequest.from(from), new WatchHandler<>() {
            @Override
            public void onEvent(EventType type, ConfigMap object) {
                if (type == EventType.ADDED) seen.add(object);
            }

            @Override
            public void onClose(Optional<StatusException> error) {}
        });
        try {
            List<String> written = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ConfigMap created = b.create(Kind.CONFIGMAPS, new ConfigMapBuilder().withNewMetadata().withName("cm-" + i).withNamespace("order")
                        .endMetadata().addToData("i", Integer.toString(i)).build());
                written.add(created.getMetadata().getName() + "@" + created.getMetadata().getResourceVersion());
            }
            await("server c's watch sees all 30 creates", () -> seen.size() >= 30);
            assertThat(seen.stream().map(cm -> cm.getMetadata().getName() + "@" + cm.getMetadata().getResourceVersion()).toList())
                    .as("same objects, same resourceVersions, same order").isEqualTo(written);
            List<Long> revisions = seen.stream().map(cm -> Long.parseLong(cm.getMetadata().getResourceVersion())).toList();
            for (int i = 1; i < revisions.size(); i++) assertThat(revisions.get(i)).isGreaterThan(revisions.get(i - 1));
        } finally {
            watch.close();
        }
    }

    @Test
    @Order(3)
    void whenTheLeaderIsKilledAnotherTakesOverAndTheDeploymentConvergesWithoutDuplicates() throws Exception {
        Client b = client(dir.resolve("b"), serverB.url().toString());
        for (String lease : LEASES) assertThat(holder(b, lease)).as(lease).startsWith("server-a_");
        assertThat(serverB.cluster().controlPlane().orElseThrow().leading()).isFalse();
        assertThat(serverC.cluster().controlPlane().orElseThrow().leading()).isFalse();

        b.create(Kind.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName("ha").endMetadata().build());
        b.create(Kind.DEPLOYMENTS, deployment(3));
        await("3 pods of web running", () -> runningPods(b).size() == 3);
        await("3 Scheduled events", () -> scheduled(b).size() == 3);
        assertThat(schedulingHosts(b)).as("only the holder, server a, scheduled").containsExactly("server-a");

        long killedAt = System.nanoTime();
        serverA.destroyForcibly();
        assertThat(serverA.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // Work for the next leader: nothing reconciles this until another server holds the controllers' Lease.
        Deployment web = b.get(Kind.DEPLOYMENTS, "ha", "web").orElseThrow();
        web.getSpec().setReplicas(5);
        b.update(Kind.DEPLOYMENTS, web);

        await("another server holds both leases", () -> LEASES.stream().allMatch(l -> !holder(b, l).startsWith("server-a_") && !holder(b, l).isEmpty()));
        System.out.printf("leases taken over %.1f s after server a was killed (lease duration %d s)%n",
                (System.nanoTime() - killedAt) / 1e9, LEASE.toSeconds());
        for (String lease : LEASES) assertThat(holder(b, lease)).as(lease).matches("server-[bc]_.*");

        await("5 pods of web running", () -> runningPods(b).size() == 5);
        await("the deployment reports 5 ready", () -> {
            Deployment d = b.get(Kind.DEPLOYMENTS, "ha", "web").orElseThrow();
            return d.getStatus() != null && Integer.valueOf(5).equals(d.getStatus().getReadyReplicas());
        });
        // A few renewals later, still exactly as many pods as replicas: nothing was created twice.
        Thread.sleep(TIMINGS.retryPeriod().multipliedBy(3).toMillis());
        List<Pod> pods = b.list(Kind.PODS, "ha", ListRequest.ALL).items();
        assertThat(pods).hasSize(5);
        assertThat(pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet())).hasSize(5);
        Map<String, Long> byOwner = pods.stream().collect(Collectors.groupingBy(
                p -> p.getMetadata().getOwnerReferences().stream().filter(OwnerReference::getController).findFirst().orElseThrow().getUid(),
                Collectors.counting()));
        assertThat(byOwner).as("all pods belong to one ReplicaSet").hasSize(1);
        var rs = b.list(Kind.REPLICASETS, "ha", ListRequest.ALL).items();
        assertThat(rs).hasSize(1);
        assertThat(byOwner.get(rs.getFirst().getMetadata().getUid())).isEqualTo(5L);
        await("5 Scheduled events", () -> scheduled(b).size() == 5);
        assertThat(schedulingHosts(b)).as("the new leader scheduled the new pods").hasSize(2).contains("server-a");
    }

    // ---------------------------------------------------------------- helpers

    private ServerSettings settings(Path data, int simNodes, String nodeName) {
        ControlPlaneSettings controlPlane = new ControlPlaneSettings(TIMINGS, ControlPlaneSettings.DEFAULTS.nodeLifecycle(), ControlPlaneSettings.DEFAULTS.podGc());
        ClusterSettings cluster = new ClusterSettings(true, controlPlane, 300, 300, simNodes, Duration.ZERO, Optional.empty());
        return new ServerSettings("127.0.0.1", 0, data, Duration.ofMinutes(5), 10_000).withCluster(cluster)
                .withDatastore(new Datastore.Etcd(etcd.settings("/registry", Duration.ofSeconds(5)))).withNodeName(nodeName);
    }

    /** `beluga server` in a JVM of its own, on this test's classpath. */
    private Process startChild(String nodeName, Path data) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"), Beluga.class.getName(), "server",
                "--datastore-endpoint", etcd.endpoint().toString(), "--data-dir", data.toString(), "--https-port", "0",
                "--disable-agent", "--node-name", nodeName,
                "--leader-elect-lease-duration", LEASE.toSeconds() + "s", "--leader-elect-renew-deadline", TIMINGS.renewDeadline().toSeconds() + "s",
                "--leader-elect-retry-period", TIMINGS.retryPeriod().toSeconds() + "s");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("a.log").toFile()).start();
    }

    private String awaitListening(Path log) throws Exception {
        String[] url = {null};
        await("server a is ready (" + log + ")", () -> {
            try {
                String text = Files.exists(log) ? Files.readString(log) : "";
                Matcher m = LISTENING.matcher(text);
                if (m.find() && text.contains("beluga: ready")) url[0] = m.group(1);
                if (!serverA.isAlive()) throw new IllegalStateException("server a exited:\n" + text);
                return url[0] != null;
            } catch (IOException e) {
                return false;
            }
        });
        return url[0];
    }

    /** An HTTPS client with the kubeconfig of the server in {@code data}, pointed at {@code url}. */
    private Client client(Path data, String url) {
        ClusterConnection own = ClusterConnection.fromKubeconfig(data.resolve("kubeconfig.yaml"));
        Client c = new HttpTransport(new ClusterConnection(java.net.URI.create(url), own.caCertificatePem(), own.token(), false));
        clients.add(c);
        return c;
    }

    private static String holder(Client client, String lease) {
        try {
            Optional<Lease> l = client.get(Kind.LEASES, ControlPlane.LEASE_NAMESPACE, lease);
            String h = l.map(Lease::getSpec).map(s -> s.getHolderIdentity()).orElse("");
            return h == null ? "" : h;
        } catch (StatusException e) {
            return "";
        }
    }

    private static List<Pod> runningPods(Client client) {
        return client.list(Kind.PODS, "ha", ListRequest.ALL).items().stream()
                .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())).toList();
    }

    private static List<Event> scheduled(Client client) {
        return client.list(Kind.EVENTS, "ha", ListRequest.ALL).items().stream().filter(e -> "Scheduled".equals(e.getReason())).toList();
    }

    /** The hosts that reported Scheduled events in namespace ha: the schedulers that placed its pods. */
    private static Set<String> schedulingHosts(Client client) {
        Set<String> hosts = new HashSet<>();
        for (Event e : scheduled(client)) hosts.add(e.getReportingInstance());
        return Collections.unmodifiableSet(hosts);
    }

    private static Deployment deployment(int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("ha").endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").withCommand("sleep", "3600").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private static PrintWriter quiet() {
        return new PrintWriter(OutputStream.nullOutputStream());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting until " + what);
    }
}
