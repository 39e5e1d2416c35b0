package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.beluga.kubelet.network.Ipv4Cidr;
import dev.beluga.kubelet.network.KernelRoutes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pod network across nodes (host-gw): a second machine is a network namespace of this test's
 * own, joined to the root namespace by a veth pair (10.93.255.1 here, 10.93.255.2 there), in which
 * `beluga agent` runs with its own managed containerd. A pod on each node reaches the other's pod IP
 * through the routes the kubelets keep from the Nodes, and sees the other pod's own IP as the client
 * (no NAT between pods), while its request to an address outside the cluster CIDR arrives from its
 * node's address (masqueraded). The agent's Node deleted, the server's route to its pods goes.
 *
 * <p>Traffic stays on loopback, the veth pair and the pods' bridges. Everything this test adds to the
 * machine (namespace, veth, routes, iptables chains) is removed afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodNetworkAcrossNodesTest {
    private static final String NS = "podnet";
    private static final String SERVER_NODE = "beluga-e2e";
    private static final String AGENT_NODE = "podnet-agent";
    private static final String CLUSTER_CIDR = "10.93.0.0/16";
    private static final String SERVER_POD_CIDR = "10.93.0.0/24";
    private static final String AGENT_POD_CIDR = "10.93.1.0/24";
    private static final String SERVER_IP = "10.93.255.1";
    private static final String AGENT_IP = "10.93.255.2";
    private static final String NETNS = "beluga-podnet";
    private static final String VETH_ROOT = "blpodnet0";
    private static final String VETH_AGENT = "blpodnet1";
    /** An address outside the cluster CIDR, on this test's veth: where pods' traffic leaves the cluster. */
    private static final String OUTSIDE_IP = "10.94.255.1";

    private LocalNodeCluster cluster;
    private Path agentDir;
    private Process agent;

    @BeforeAll
    void start() throws Exception {
        requireTools();
        removeNamespaceAndVeth(); // a run killed before its cleanup
        sh("ip", "netns", "add", NETNS);
        sh("ip", "link", "add", VETH_ROOT, "type", "veth", "peer", "name", VETH_AGENT);
        sh("ip", "link", "set", VETH_AGENT, "netns", NETNS);
        sh("ip", "addr", "add", SERVER_IP + "/30", "dev", VETH_ROOT);
        sh("ip", "link", "set", VETH_ROOT, "up");
        inNetns("ip", "addr", "add", AGENT_IP + "/30", "dev", VETH_AGENT);
        inNetns("ip", "link", "set", VETH_AGENT, "up");
        inNetns("ip", "link", "set", "lo", "up");
        sh("ip", "addr", "add", OUTSIDE_IP + "/32", "dev", VETH_ROOT);
        inNetns("ip", "route", "add", OUTSIDE_IP + "/32", "via", SERVER_IP);

        // The API server and the server's kubelet listen on the veth's address only: the agent reaches them there.
        cluster = LocalNodeCluster.start(SERVER_POD_CIDR, SERVER_IP, CLUSTER_CIDR);
        cluster.ok(null, "create", "namespace", NS);
        agentDir = Files.createTempDirectory(Path.of("/tmp"), "bn");
        Path server = cluster.dataDir();
        String url = Files.readAllLines(server.resolve("kubeconfig.yaml")).stream().map(String::strip)
                .filter(l -> l.startsWith("server: ")).map(l -> l.substring("server: ".length())).findFirst().orElseThrow();
        assertThat(url).startsWith("https://" + SERVER_IP + ":");
        // nsenter --net switches the network namespace only: `ip netns exec` would also remount /sys, hiding the cgroup tree runc needs.
        List<String> command = List.of("nsenter", "--net=/run/netns/" + NETNS, "--",
                ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                "dev.beluga.server.Beluga", "agent", "--server", url, "--token", Files.readString(server.resolve("admin.token")).strip(),
                "--certificate-authority", server.resolve("pki/ca.crt").toString(), "--data-dir", agentDir.toString(),
                "--node-name", AGENT_NODE, "--node-ip", AGENT_IP, "--pod-cidr", AGENT_POD_CIDR, "--kubelet-port", "0");
        agent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(agentDir.resolve("agent.log").toFile()).start();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            // While the agent still runs: the server's cleanup waits for every pod to be gone, which takes the pod's kubelet.
            if (agent != null && cluster != null) cluster.kubectl(null, "-n", NS, "delete", "pod", "b", "--ignore-not-found", "--timeout=60s");
            stopAgent();
            if (cluster != null) cluster.close();
        } finally {
            if (agentDir != null) LocalNodeCluster.cleanUpNodeDirectory(agentDir);
            removeNamespaceAndVeth();
            // The server node's iptables chains went with the cluster's cleanup, the agent's with its namespace; routes outlive nodes by design.
            for (var route : new KernelRoutes().installed(Ipv4Cidr.parse(CLUSTER_CIDR))) new KernelRoutes().delete(route);
        }
    }

    private void stopAgent() throws InterruptedException {
        if (agent == null) return;
        agent.destroy(); // SIGTERM: the agent stops its kubelet and its containerd
        if (!agent.waitFor(60, TimeUnit.SECONDS)) agent.destroyForcibly().waitFor();
        agent = null;
    }

    @Test
    void podsOnTwoNodesReachEachOtherWithoutNatAndTheRouteFollowsTheNode() throws Exception {
        try {
            cluster.await("the agent's node Ready", "True"::equals,
                    "get", "node", AGENT_NODE, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}");
            assertThat(cluster.jsonpath("kube-system", "configmap/beluga-cluster-network", "{.data.clusterCIDR}")).isEqualTo(CLUSTER_CIDR);
            cluster.apply(NS, peerServer("a", SERVER_NODE) + "---\n" + peerServer("b", AGENT_NODE));
            cluster.awaitReady(NS, "a");
            cluster.awaitReady(NS, "b");
            String ipA = cluster.jsonpath(NS, "pod/a", "{.status.podIP}");
            String ipB = cluster.jsonpath(NS, "pod/b", "{.status.podIP}");
            assertThat(Ipv4Cidr.parse(SERVER_POD_CIDR).contains(ipA)).as("pod a's IP %s", ipA).isTrue();
            assertThat(Ipv4Cidr.parse(AGENT_POD_CIDR).contains(ipB)).as("pod b's IP %s", ipB).isTrue();

            // Each node routes the other's podCIDR through the other's InternalIP, marked as ours.
            awaitOutput("the server's route to the agent's pods", s -> s.contains(AGENT_POD_CIDR + " via " + AGENT_IP),
                    "ip", "-4", "route", "show", "proto", Integer.toString(KernelRoutes.PROTOCOL));
            awaitOutput("the agent's route to the server's pods", s -> s.contains(SERVER_POD_CIDR + " via " + SERVER_IP),
                    "nsenter", "--net=/run/netns/" + NETNS, "--", "ip", "-4", "route", "show", "proto", Integer.toString(KernelRoutes.PROTOCOL));

            // a -> b and b -> a on pod IPs; each answer names the caller's own pod IP (no NAT on the way).
            cluster.await("pod a's request answered by pod b, which saw a's pod IP", peer(ipA),
                    "-n", NS, "exec", "a", "--", "timeout", "5", "wget", "-qO-", "http://" + ipB + ":8080/cgi-bin/peer");
            cluster.await("pod b's request answered by pod a, which saw b's pod IP", peer(ipB),
                    "-n", NS, "exec", "b", "--", "timeout", "5", "wget", "-qO-", "http://" + ipA + ":8080/cgi-bin/peer");

            // Leaving the cluster CIDR, b's traffic is masqueraded behind its node's address, as the bridge's ipMasq did.
            HttpServer outside = HttpServer.create(new InetSocketAddress(OUTSIDE_IP, 0), 0);
            outside.createContext("/", exchange -> {
                byte[] body = exchange.getRemoteAddress().getAddress().getHostAddress().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            outside.start();
            try {
                cluster.await("pod b's request outside the cluster CIDR, seen from the agent node's address", AGENT_IP::equals,
                        "-n", NS, "exec", "b", "--", "timeout", "5", "wget", "-qO-", "http://" + OUTSIDE_IP + ":" + outside.getAddress().getPort() + "/");
            } finally {
                outside.stop(0);
            }

            // The agent gone and its Node deleted, the server's route to its pods goes.
            cluster.ok(null, "-n", NS, "delete", "pod", "b", "--timeout=60s");
            stopAgent();
            cluster.ok(null, "delete", "node", AGENT_NODE, "--timeout=60s");
            awaitOutput("the route to the deleted node's pods removed", s -> !s.contains(AGENT_POD_CIDR),
                    "ip", "-4", "route", "show", "proto", Integer.toString(KernelRoutes.PROTOCOL));
        } catch (AssertionError | RuntimeException e) {
            String log = agentDir == null || !Files.exists(agentDir.resolve("agent.log")) ? "" : Files.readString(agentDir.resolve("agent.log"));
            throw new AssertionError(e.getMessage() + "\nthe agent's output:\n" + log + "\nthe server's log:\n" + cluster.serverLog(), e);
        }
    }

    /** httpd's REMOTE_ADDR of an IPv4 caller: the address, or its IPv4-mapped IPv6 form (httpd listens on IPv6). */
    private static Predicate<String> peer(String ip) {
        return s -> s.equals("peer=" + ip) || s.equals("peer=[::ffff:" + ip + "]");
    }

    /** busybox httpd on 8080 whose CGI answers with the caller's address as the server saw it. */
    private static String peerServer(String name, String node) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: NAME}
                spec:
                  terminationGracePeriodSeconds: 1
                  nodeSelector: {kubernetes.io/hostname: NODE}
                  containers:
                  - name: web
                    image: busybox:1.35
                    command: [sh, -c]
                    args:
                    - |
                      mkdir -p /www/cgi-bin
                      printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho peer=$REMOTE_ADDR\\n' > /www/cgi-bin/peer
                      chmod +x /www/cgi-bin/peer
                      exec httpd -f -p 8080 -h /www
                    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
                """.replace("NAME", name).replace("NODE", node);
    }

    private static void requireTools() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) missing.add("root");
        for (String tool : List.of("/usr/sbin/ip", "/usr/sbin/iptables", "/usr/sbin/iptables-restore", "/usr/bin/nsenter")) {
            if (!Files.isExecutable(Path.of(tool))) missing.add(tool);
        }
        if (missing.isEmpty()) return;
        String why = "the pod network across nodes needs " + String.join(", ", missing) + "; skipping";
        if ("true".equals(System.getenv("CI"))) throw new IllegalStateException(why + " (CI=true: it must run)");
        assumeTrue(false, why);
    }

    private static void removeNamespaceAndVeth() throws IOException, InterruptedException {
        run("ip", "netns", "del", NETNS);
        run("ip", "link", "del", VETH_ROOT);
    }

    private static void inNetns(String... command) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", NETNS));
        all.addAll(List.of(command));
        sh(all.toArray(String[]::new));
    }

    private static void sh(String... command) throws IOException, InterruptedException {
        LocalNodeCluster.Run r = run(command);
        assertThat(r.code()).as("%s: %s", String.join(" ", command), r.out()).isZero();
    }

    private static LocalNodeCluster.Run run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        return new LocalNodeCluster.Run(p.exitValue(), out);
    }

    /** Runs {@code command} until its output satisfies {@code done}, up to {@link LocalNodeCluster#WAIT}. */
    private static void awaitOutput(String what, Predicate<String> done, String... command) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LocalNodeCluster.WAIT.toNanos();
        LocalNodeCluster.Run last;
        do {
            last = run(command);
            if (last.code() == 0 && done.test(last.out())) return;
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not reached within " + LocalNodeCluster.WAIT.toSeconds() + " s: " + what + "; " + String.join(" ", command)
                + " last said (exit " + last.code() + "): " + last.out());
    }
}
