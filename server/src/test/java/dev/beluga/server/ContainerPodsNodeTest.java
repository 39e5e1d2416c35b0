package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.beluga.cri.ContainerdSettings;
import dev.beluga.cri.ManagedContainerd;
import dev.beluga.cri.images.BuiltImage;
import dev.beluga.cri.images.ImageConfig;
import dev.beluga.cri.images.ImageDefinition;
import dev.beluga.cri.images.OciImageBuilder;
import dev.beluga.cri.images.ProjectImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * The nodes and the kubelet's own sources, on real containers with the real kubectl: the Node's
 * registration fields and Lease; a second machine's `beluga agent` (a process of its own, on an
 * existing containerd) joining as a node and running an airgap image that logs and exec reach; images absent with pull policy Never and a pull that cannot reach
 * its registry (127.0.0.1:1, nothing else); init containers that fail (Init:Error,
 * Init:CrashLoopBackOff) and native sidecars; hostPort; static pods (add, edit, mirror deleted,
 * removed); ephemeral containers through kubectl debug; invalid pods refused with 422 and causes.
 *
 * <p>The API pods are created at once in {@link #start()} so they start side by side; each test
 * then waits for and checks its own (bounded polls, never timed assertions).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerPodsNodeTest {
    private static final String NS = "node";
    private static final String NODE = "beluga-e2e";
    private static final int HOST_PORT = 30925;
    private static final String SERVER_POD_CIDR = "10.92.6.0/25";
    private static final String AGENT_POD_CIDR = "10.92.6.128/25";

    private LocalNodeCluster cluster;

    @BeforeAll
    void start() throws Exception {
        // Half of the range: the agent's node takes the other half.
        cluster = LocalNodeCluster.start(SERVER_POD_CIDR);
        cluster.ok(null, "create", "namespace", NS);
        cluster.apply(NS, """
                apiVersion: v1
                kind: Pod
                metadata: {name: never}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - {name: main, image: '127.0.0.1:1/beluga/absent:1', imagePullPolicy: Never}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: offline}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - {name: main, image: '127.0.0.1:1/beluga/unreachable:1'}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: initfail}
                spec:
                  restartPolicy: Never
                  initContainers:
                  - {name: setup, image: busybox:1.35, command: [sh, -c, 'echo setting-up; exit 1']}
                  containers:
                  - {name: main, image: busybox:1.35, command: [sleep, '3600']}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: initloop}
                spec:
                  terminationGracePeriodSeconds: 1
                  initContainers:
                  - {name: setup, image: busybox:1.35, command: [sh, -c, 'exit 2']}
                  containers:
                  - {name: main, image: busybox:1.35, command: [sleep, '3600']}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: sidecar}
                spec:
                  terminationGracePeriodSeconds: 1
                  volumes: [{name: work, emptyDir: {}}]
                  initContainers:
                  - name: helper
                    image: busybox:1.35
                    restartPolicy: Always
                    command: [sh, -c, 'mkdir -p /www && echo from-the-sidecar > /www/index.html && exec httpd -f -p 9090 -h /www']
                    startupProbe: {tcpSocket: {port: 9090}, periodSeconds: 1}
                  - name: setup
                    image: busybox:1.35
                    # The sidecar serves before the next init container runs.
                    command: [sh, -c, 'wget -qO /work/fetched http://localhost:9090/index.html']
                    volumeMounts: [{name: work, mountPath: /work}]
                  containers:
                  - name: main
                    image: busybox:1.35
                    command: [sh, -c, 'cat /work/fetched; exec sleep 3600']
                    volumeMounts: [{name: work, mountPath: /work}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: web
                    image: busybox:1.35
                    command: [sh, -c, 'mkdir -p /www && echo hello-from-web > /www/index.html && exec httpd -f -p 8080 -h /www']
                    ports: [{containerPort: 8080, hostPort: HOST_PORT}]
                """.replace("HOST_PORT", Integer.toString(HOST_PORT)));
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    private String get(String object, String jsonpath) throws Exception {
        return cluster.jsonpath(NS, object, jsonpath);
    }

    private String awaitEvents(String pod, String what, java.util.function.Predicate<String> done) throws Exception {
        return cluster.await(what, done, "-n", NS, "get", "events", "--field-selector", "involvedObject.name=" + pod, "-o",
                "jsonpath={range .items[*]}{.type} {.reason}: {.message}{\"\\n\"}{end}");
    }

    @Test
    void theNodeRegistersItsCapacityAddressesRuntimeAndCidrAndRenewsItsLease() throws Exception {
        String n = "node/" + NODE;
        // Ready comes with the kubelet's first status that finds containerd's runtime and network ready, which need not be the
        // registration's (the next report is 10 s later): this test may run first, right after the server started.
        cluster.await("the node Ready", "True"::equals, "get", n, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}");
        assertThat(cluster.ok(null, "get", "nodes", "--no-headers").out()).containsPattern(NODE + "\\s+Ready");
        assertThat(Integer.parseInt(get(n, "{.status.capacity.cpu}"))).isPositive();
        assertThat(get(n, "{.status.capacity.memory}")).matches("\\d+Ki");
        assertThat(get(n, "{.status.capacity.pods}")).isEqualTo("110");
        assertThat(get(n, "{.status.allocatable.pods}")).isEqualTo("110");
        assertThat(get(n, "{.status.allocatable.cpu}")).isNotEmpty();
        assertThat(get(n, "{.status.allocatable.memory}")).isNotEmpty();
        assertThat(get(n, "{.status.addresses[?(@.type==\"InternalIP\")].address}")).isEqualTo("127.0.0.1");
        assertThat(get(n, "{.status.addresses[?(@.type==\"Hostname\")].address}")).isNotEmpty();
        assertThat(get(n, "{.status.nodeInfo.containerRuntimeVersion}")).startsWith("containerd://1.");
        assertThat(get(n, "{.status.nodeInfo.kubeletVersion}")).startsWith("v1.");
        assertThat(get(n, "{.status.nodeInfo.operatingSystem}")).isEqualTo("linux");
        assertThat(get(n, "{.status.nodeInfo.architecture}")).isNotEmpty();
        assertThat(get(n, "{.spec.podCIDR}")).isEqualTo(SERVER_POD_CIDR);
        assertThat(get(n, "{.spec.podCIDRs[0]}")).isEqualTo(SERVER_POD_CIDR);
        assertThat(get(n, "{.status.conditions[?(@.type==\"Ready\")].status}")).isEqualTo("True");
        assertThat(get(n, "{.status.conditions[?(@.type==\"Ready\")].reason}")).isEqualTo("KubeletReady");
        for (String pressure : new String[] {"MemoryPressure", "DiskPressure", "PIDPressure"}) {
            assertThat(get(n, "{.status.conditions[?(@.type==\"" + pressure + "\")].status}")).as(pressure).isEqualTo("False");
        }
        assertThat(cluster.ok(null, "describe", "node", NODE).out()).contains("Container Runtime Version:  containerd://")
                .contains("PodCIDR:").contains(SERVER_POD_CIDR).containsPattern("pods:\\s+110");

        String lease = "{.spec.holderIdentity} {.spec.leaseDurationSeconds} {.spec.renewTime}";
        String first = cluster.jsonpath("kube-node-lease", "lease/" + NODE, lease);
        assertThat(first).startsWith(NODE + " 40 ");
        cluster.await("the node's Lease renewed (every 10 s)", s -> s.startsWith(NODE + " ") && !s.equals(first),
                "-n", "kube-node-lease", "get", "lease", NODE, "-o", "jsonpath=" + lease);
    }

    /**
     * A second machine joining: `beluga agent` as a process of its own, on a containerd already
     * running (--container-runtime-endpoint; the server's local node covers the managed one), with an
     * image only in its airgap folder (its name points at 127.0.0.1:1, where no registry answers, so
     * the pod runs only if the archive was imported at start).
     */
    @Test
    void anAgentOnAnExistingContainerdJoinsAsASecondNodeAndRunsAnAirgapImage() throws Exception {
        String agentNode = "agent-e2e";
        String airgapImage = "127.0.0.1:1/beluga/airgap:1";
        // Short: containerd's socket lives below it (a unix socket path has at most 108 bytes).
        Path agentDir = Files.createTempDirectory(Path.of("/tmp"), "ba");
        ImageDefinition busybox = ProjectImages.busyboxFromHost();
        new OciImageBuilder().write(new ImageDefinition(List.of(airgapImage), busybox.config(), busybox.layer()),
                Files.createDirectories(agentDir.resolve("images")).resolve("airgap.tar"));
        ManagedContainerd containerd = ManagedContainerd.start(ContainerdSettings.of(agentDir.resolve("containerd"), AGENT_POD_CIDR));
        Path server = cluster.dataDir();
        String url = Files.readAllLines(server.resolve("kubeconfig.yaml")).stream().map(String::strip)
                .filter(l -> l.startsWith("server: ")).map(l -> l.substring("server: ".length())).findFirst().orElseThrow();
        // As on another machine: `beluga agent` from this test's class path, in a JVM of its own.
        List<String> command = List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                "dev.beluga.server.Beluga", "agent", "--server", url, "--token", Files.readString(server.resolve("admin.token")).strip(),
                "--certificate-authority", server.resolve("pki/ca.crt").toString(), "--data-dir", agentDir.toString(),
                "--container-runtime-endpoint", containerd.socketPath().toString(),
                "--node-name", agentNode, "--node-ip", "127.0.0.1", "--pod-cidr", AGENT_POD_CIDR, "--kubelet-port", "0");
        Process agent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(agentDir.resolve("agent.log").toFile()).start();
        try {
            cluster.await("the agent's node Ready", "True"::equals,
                    "get", "node", agentNode, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}");
            assertThat(get("node/" + agentNode, "{.spec.podCIDR}")).isEqualTo(AGENT_POD_CIDR);
            assertThat(get("node/" + agentNode, "{.status.nodeInfo.containerRuntimeVersion}")).startsWith("containerd://");
            assertThat(get("node/" + agentNode, "{.metadata.labels.kubernetes\\.io/hostname}")).isEqualTo(agentNode);
            assertThat(cluster.ok(null, "get", "nodes", "--no-headers").out()).containsPattern(agentNode + "\\s+Ready").containsPattern(NODE + "\\s+Ready");
            cluster.await("the agent's Lease", s -> s.equals(agentNode), "-n", "kube-node-lease", "get", "lease", agentNode, "-o",
                    "jsonpath={.spec.holderIdentity}");

            cluster.apply(NS, """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: far}
                    spec:
                      terminationGracePeriodSeconds: 1
                      nodeSelector: {kubernetes.io/hostname: agent-e2e}
                      containers:
                      - {name: main, image: 'AIRGAP', command: [sh, -c, 'echo on-the-agent; exec sleep 3600']}
                    """.replace("AIRGAP", airgapImage));
            cluster.awaitReady(NS, "far");
            assertThat(get("pod/far", "{.spec.nodeName}")).isEqualTo(agentNode);
            assertThat(get("pod/far", "{.status.containerStatuses[0].image}")).isEqualTo(airgapImage);
            String ip = get("pod/far", "{.status.podIP}");
            assertThat(ip).startsWith("10.92.6.");
            assertThat(Integer.parseInt(ip.substring("10.92.6.".length()))).as("an address of the agent's half").isGreaterThanOrEqualTo(128);
            cluster.await("the pod's log through the API server and the agent's kubelet", l -> l.contains("on-the-agent"), "-n", NS, "logs", "far");
            assertThat(cluster.ok(null, "-n", NS, "exec", "far", "--", "hostname").out().strip()).isEqualTo("far");

            // `beluga images list` of the agent's data dir: the project's images and the airgap one.
            StringWriter out = new StringWriter();
            CommandLine images = Beluga.commandLine();
            images.setOut(new PrintWriter(out, true));
            assertThat(images.execute("images", "list", "--container-runtime-endpoint", "unix://" + containerd.socketPath())).isZero();
            assertThat(out.toString().lines()).anyMatch(l -> l.startsWith(airgapImage + " ")).anyMatch(l -> l.startsWith("docker.io/library/busybox:1.35 "));
            cluster.ok(null, "-n", NS, "delete", "pod", "far", "--timeout=60s");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nthe agent's output:\n" + Files.readString(agentDir.resolve("agent.log")), e);
        } finally {
            agent.destroy(); // SIGTERM: the agent stops its kubelet; the containerd it was given is not its to stop
            if (!agent.waitFor(60, TimeUnit.SECONDS)) agent.destroyForcibly().waitFor();
            containerd.close();
            cluster.kubectl(null, "delete", "node", agentNode, "--wait=false");
            LocalNodeCluster.cleanUpNodeDirectory(agentDir);
            // The agent node's pod network chains outlive it by design (its pods would need them).
            dev.beluga.kubelet.network.PodNetworkFirewall.remove(dev.beluga.kubelet.network.PodNetworkRules.chains(
                    dev.beluga.kubelet.network.Ipv4Cidr.parse(AGENT_POD_CIDR), dev.beluga.kubelet.network.Ipv4Cidr.parse(ClusterSettings.DEFAULT_CLUSTER_CIDR)));
        }
    }

    /**
     * Online: an image pulled through CRI from a registry. The registry is this test's own minimal
     * OCI distribution server on 127.0.0.1 (containerd speaks plain HTTP to localhost registries),
     * serving an image of the project's busybox with an env of its own, so its manifest and config
     * are nowhere else.
     */
    @Test
    void anImageIsPulledThroughCriFromARegistryOnLoopback() throws Exception {
        Path layout = Files.createTempDirectory(cluster.dataDir(), "registry");
        ImageDefinition busybox = ProjectImages.busyboxFromHost();
        ImageConfig config = busybox.config();
        List<String> env = new java.util.ArrayList<>(config.env());
        env.add("PULLED_FROM=the-loopback-registry");
        BuiltImage built = new OciImageBuilder().write(new ImageDefinition(List.of("127.0.0.1:1/beluga/pulled:1"),
                new ImageConfig(config.entrypoint(), config.cmd(), env, config.workingDir(), config.user()), busybox.layer()), layout.resolve("image.tar"));
        Process untar = new ProcessBuilder("tar", "-xf", "image.tar").directory(layout.toFile()).redirectErrorStream(true).start();
        assertThat(untar.waitFor()).as("tar -xf: %s", new String(untar.getInputStream().readAllBytes())).isZero();
        List<String> requests = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/v2/", exchange -> serveRegistry(exchange, layout, built.manifestDigest(), requests));
        registry.start();
        try {
            String image = "127.0.0.1:" + registry.getAddress().getPort() + "/beluga/pulled:1";
            cluster.apply(NS, """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: pulled}
                    spec:
                      terminationGracePeriodSeconds: 1
                      restartPolicy: Never
                      containers:
                      - {name: main, image: 'IMAGE', imagePullPolicy: Always, command: [sh, -c, 'echo env=$PULLED_FROM']}
                    """.replace("IMAGE", image));
            cluster.awaitPhase(NS, "pulled", "Succeeded");
            assertThat(cluster.ok(null, "-n", NS, "logs", "pulled").out()).contains("env=the-loopback-registry");
            assertThat(get("pod/pulled", "{.status.containerStatuses[0].image}")).isEqualTo(image);
            assertThat(get("pod/pulled", "{.status.containerStatuses[0].imageID}")).endsWith("@" + built.manifestDigest());
            awaitEvents("pulled", "Pulling and Pulled events",
                    e -> e.contains("Normal Pulling: Pulling image \"" + image + "\"") && e.contains("Normal Pulled: Successfully pulled image \"" + image + "\" in "));
            assertThat(requests).as("what containerd asked the registry").anyMatch(r -> r.endsWith("/manifests/1"))
                    .anyMatch(r -> r.contains("/blobs/" + built.configDigest()));
        } finally {
            registry.stop(0);
        }
    }

    /** The read side of the OCI distribution API over an image layout: /v2/, manifests by tag or digest, blobs. */
    private static void serveRegistry(HttpExchange exchange, Path layout, String manifestDigest, List<String> requests) throws java.io.IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            byte[] body;
            String type;
            String digest;
            if (path.equals("/v2/")) {
                body = "{}".getBytes();
                type = "application/json";
                digest = null;
            } else if (path.contains("/manifests/")) {
                digest = manifestDigest;
                body = Files.readAllBytes(layout.resolve("blobs/sha256").resolve(manifestDigest.substring("sha256:".length())));
                type = OciImageBuilder.MANIFEST_MEDIA_TYPE;
            } else if (path.contains("/blobs/sha256:")) {
                digest = path.substring(path.indexOf("/blobs/") + "/blobs/".length());
                Path blob = layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
                if (!Files.exists(blob)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                body = Files.readAllBytes(blob);
                type = "application/octet-stream";
            } else {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Docker-Distribution-Api-Version", "registry/2.0");
            if (digest != null) exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        }
    }

    @Test
    void anAbsentImageWithPullPolicyNeverIsErrImageNeverPull() throws Exception {
        String expected = "Container image \"127.0.0.1:1/beluga/absent:1\" is not present with pull policy of Never";
        cluster.await("never waiting in ErrImageNeverPull", "ErrImageNeverPull"::equals,
                "-n", NS, "get", "pod", "never", "-o", "jsonpath={.status.containerStatuses[0].state.waiting.reason}");
        assertThat(get("pod/never", "{.status.containerStatuses[0].state.waiting.message}")).isEqualTo(expected);
        assertThat(cluster.ok(null, "-n", NS, "get", "pod", "never", "--no-headers").out()).containsPattern("never\\s+0/1\\s+ErrImageNeverPull");
        awaitEvents("never", "the ErrImageNeverPull event", e -> e.contains("Warning ErrImageNeverPull: " + expected));
    }

    @Test
    void aPullThatCannotReachItsRegistryBacksOffWithTheMessageAndEvents() throws Exception {
        String image = "127.0.0.1:1/beluga/unreachable:1";
        // The first failure is ErrImagePull with the runtime's reason; the kubelet then backs off.
        String events = awaitEvents("offline", "Pulling, Failed and BackOff events",
                e -> e.contains("Normal Pulling: Pulling image \"" + image + "\"") && e.contains("Warning Failed: Failed to pull image \"" + image + "\": ")
                        && e.contains("Warning Failed: Error: ErrImagePull") && e.contains("Normal BackOff: Back-off pulling image \"" + image + "\""));
        assertThat(events).containsPattern("Failed to pull image \"" + image.replace(".", "\\.") + "\": .*127\\.0\\.0\\.1:1");
        // After each failed pull the status shows ErrImagePull with the runtime's message until the next sync
        // (about 10 s), then ImagePullBackOff until the back-off ends: pulls come at 0, 10, 30, 70 s.
        cluster.await("offline waiting in ErrImagePull after a pull", "ErrImagePull"::equals,
                "-n", NS, "get", "pod", "offline", "-o", "jsonpath={.status.containerStatuses[0].state.waiting.reason}");
        // Reason and message in one read, as describe's: the back-off may end right after a read of the reason alone, and the
        // next pull's ErrImagePull (with its own message) be what a second read finds.
        cluster.await("offline waiting in ImagePullBackOff with the back-off's message", ("ImagePullBackOff|Back-off pulling image \"" + image + "\"")::equals,
                "-n", NS, "get", "pod", "offline", "-o",
                "jsonpath={.status.containerStatuses[0].state.waiting.reason}|{.status.containerStatuses[0].state.waiting.message}");
        cluster.await("describe showing the back-off", d -> d.contains("ImagePullBackOff") && d.contains("Back-off pulling image"),
                "-n", NS, "describe", "pod", "offline");
        assertThat(get("pod/offline", "{.status.phase}")).isEqualTo("Pending");
    }

    @Test
    void aFailingInitContainerIsInitErrorUnderNeverAndInitCrashLoopBackOffUnderAlways() throws Exception {
        cluster.awaitPhase(NS, "initfail", "Failed");
        assertThat(cluster.ok(null, "-n", NS, "get", "pod", "initfail", "--no-headers").out()).containsPattern("initfail\\s+0/1\\s+Init:Error");
        assertThat(get("pod/initfail", "{.status.initContainerStatuses[0].state.terminated.exitCode}")).isEqualTo("1");
        assertThat(get("pod/initfail", "{.status.initContainerStatuses[0].state.terminated.reason}")).isEqualTo("Error");
        assertThat(get("pod/initfail", "{.status.containerStatuses[0].state.waiting.reason}")).isEqualTo("PodInitializing");
        assertThat(get("pod/initfail", "{.status.conditions[?(@.type==\"Initialized\")].status}")).isEqualTo("False");
        assertThat(cluster.ok(null, "-n", NS, "logs", "initfail", "-c", "setup").out()).contains("setting-up");

        cluster.await("initloop shown as Init:CrashLoopBackOff", row -> row.contains("Init:CrashLoopBackOff"),
                "-n", NS, "get", "pod", "initloop", "--no-headers");
        assertThat(Integer.parseInt(get("pod/initloop", "{.status.initContainerStatuses[0].restartCount}"))).isPositive();
        assertThat(get("pod/initloop", "{.status.initContainerStatuses[0].lastState.terminated.exitCode}")).isEqualTo("2");
        assertThat(get("pod/initloop", "{.status.phase}")).isEqualTo("Pending");
        assertThat(get("pod/initloop", "{.status.containerStatuses[0].state.waiting.reason}")).isEqualTo("PodInitializing");
    }

    @Test
    void aNativeSidecarStartsBeforeTheNextInitContainerAndKeepsRunning() throws Exception {
        cluster.awaitReady(NS, "sidecar");
        // Ready once main started; its cat's output reaches the log file a moment later.
        cluster.await("main's log of what setup fetched from the sidecar", l -> l.contains("from-the-sidecar"), "-n", NS, "logs", "sidecar", "-c", "main");
        assertThat(cluster.ok(null, "-n", NS, "get", "pod", "sidecar", "--no-headers").out()).containsPattern("sidecar\\s+2/2\\s+Running\\s+0");
        String helper = "{.status.initContainerStatuses[?(@.name==\"helper\")].";
        assertThat(get("pod/sidecar", helper + "started}")).isEqualTo("true");
        assertThat(get("pod/sidecar", helper + "ready}")).isEqualTo("true");
        assertThat(get("pod/sidecar", helper + "state.running.startedAt}")).isNotEmpty();
        assertThat(get("pod/sidecar", "{.status.initContainerStatuses[?(@.name==\"setup\")].state.terminated.reason}")).isEqualTo("Completed");
        // The sidecar started before 'setup' finished, and is still the same container.
        String sidecarStarted = get("pod/sidecar", helper + "state.running.startedAt}");
        String setupFinished = get("pod/sidecar", "{.status.initContainerStatuses[?(@.name==\"setup\")].state.terminated.finishedAt}");
        assertThat(sidecarStarted.compareTo(setupFinished)).isLessThanOrEqualTo(0);
        assertThat(get("pod/sidecar", helper + "restartCount}")).isEqualTo("0");
    }

    @Test
    void aHostPortReachesTheContainerFromTheNode() throws Exception {
        cluster.awaitReady(NS, "web");
        String body = LocalNodeCluster.awaitHttpBody(URI.create("http://127.0.0.1:" + HOST_PORT + "/index.html"), "hello-from-web");
        assertThat(body).contains("hello-from-web");
    }

    @Test
    void staticPodsRunFromTheManifestFolderWithAMirrorThatFollowsEditsDeletesAndRemoval() throws Exception {
        Path manifest = cluster.dataDir().resolve("pod-manifests/static-web.yaml");
        String mirror = "static-web-" + NODE;
        Files.writeString(manifest, staticPod("v1"));
        cluster.await("the mirror pod Running", "Running"::equals, "-n", NS, "get", "pod", mirror, "-o", "jsonpath={.status.phase}");
        assertThat(get("pod/" + mirror, "{.metadata.annotations.kubernetes\\.io/config\\.mirror}")).isNotEmpty();
        assertThat(get("pod/" + mirror, "{.metadata.annotations.kubernetes\\.io/config\\.source}")).isEqualTo("file");
        assertThat(get("pod/" + mirror, "{.spec.nodeName}")).isEqualTo(NODE);
        assertThat(get("pod/" + mirror, "{.metadata.ownerReferences[0].kind}")).isEqualTo("Node");
        cluster.await("the static pod's output", l -> l.contains("version=v1"), "-n", NS, "logs", mirror);
        String firstContainer = get("pod/" + mirror, "{.status.containerStatuses[0].containerID}");

        // Deleting the mirror through the API does not stop the static pod: the kubelet makes a new mirror.
        String uid = get("pod/" + mirror, "{.metadata.uid}");
        cluster.ok(null, "-n", NS, "delete", "pod", mirror, "--wait=false");
        cluster.await("a new mirror pod", s -> !s.isEmpty() && !s.startsWith(uid + " ") && s.endsWith(" Running"),
                "-n", NS, "get", "pod", mirror, "-o", "jsonpath={.metadata.uid} {.status.phase}");
        cluster.await("the same container reported by the new mirror", firstContainer::equals,
                "-n", NS, "get", "pod", mirror, "-o", "jsonpath={.status.containerStatuses[0].containerID}");

        // Editing the file replaces the pod with the new definition.
        Files.writeString(manifest, staticPod("v2"));
        cluster.await("the mirror pod of the edited manifest, running", "v2 Running"::equals,
                "-n", NS, "get", "pod", mirror, "-o", "jsonpath={.metadata.labels.version} {.status.phase}");
        cluster.await("the edited pod's output", l -> l.contains("version=v2"), "-n", NS, "logs", mirror);
        String secondContainer = get("pod/" + mirror, "{.status.containerStatuses[0].containerID}");
        assertThat(secondContainer).isNotEqualTo(firstContainer);

        // Removing the file stops the pod and removes its mirror.
        Files.delete(manifest);
        cluster.await("the mirror pod gone", s -> !s.contains(mirror), "-n", NS, "get", "pods", "-o", "jsonpath={.items[*].metadata.name}");
        String id = secondContainer.substring("containerd://".length());
        long deadline = System.nanoTime() + LocalNodeCluster.WAIT.toNanos();
        while (cluster.containerdContainers().contains(id) && System.nanoTime() < deadline) Thread.sleep(500);
        assertThat(cluster.containerdContainers()).as("the static pod's container after its manifest went").doesNotContain(id);
    }

    private static String staticPod(String version) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: static-web, namespace: node, labels: {version: VERSION}}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: main
                    image: busybox:1.35
                    command: [sh, -c, 'echo version=VERSION; exec sleep 3600']
                """.replace("VERSION", version);
    }

    @Test
    void kubectlDebugAddsAnEphemeralContainerInTheTargetsProcessNamespace() throws Exception {
        cluster.awaitReady(NS, "web");
        cluster.ok(null, "-n", NS, "debug", "web", "--image=busybox:1.35", "-c", "dbg", "--target=web", "--", "sh", "-c", "ps; exec sleep 3600");
        cluster.await("the ephemeral container running", s -> s.startsWith("dbg "),
                "-n", NS, "get", "pod", "web", "-o", "jsonpath={.status.ephemeralContainerStatuses[0].name} {.status.ephemeralContainerStatuses[0].state.running.startedAt}");
        assertThat(get("pod/web", "{.spec.ephemeralContainers[0].targetContainerName}")).isEqualTo("web");
        assertThat(get("pod/web", "{.status.ephemeralContainerStatuses[0].containerID}")).startsWith("containerd://");
        // Its ps, run in the target's PID namespace, lists the target's httpd.
        cluster.await("the target's process seen from the debug container", l -> l.contains("httpd -f -p 8080"), "-n", NS, "logs", "web", "-c", "dbg");
        assertThat(cluster.ok(null, "-n", NS, "exec", "web", "-c", "dbg", "--", "ps").out()).contains("httpd -f -p 8080");
        assertThat(cluster.ok(null, "-n", NS, "describe", "pod", "web").out()).contains("Ephemeral Containers:").contains("dbg:");
        // The app container is untouched.
        assertThat(get("pod/web", "{.status.containerStatuses[0].restartCount}")).isEqualTo("0");
    }

    @Test
    void invalidPodsAreRefusedWith422AndOneCausePerField() throws Exception {
        Path bad = cluster.dataDir().resolve("bad-pod.json");
        Files.writeString(bad, """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "bad"},
                 "spec": {"restartPolicy": "Sometimes", "containers": [{"name": "Main_1"}]}}
                """);
        LocalNodeCluster.Run raw = cluster.kubectl(null, "create", "--raw", "/api/v1/namespaces/" + NS + "/pods", "-f", bad.toString());
        assertThat(raw.code()).isNotZero();
        assertThat(raw.out()).contains("is invalid");
        LocalNodeCluster.Run typed = cluster.kubectl(null, "-n", NS, "create", "-f", bad.toString());
        assertThat(typed.code()).isNotZero();
        assertThat(typed.out()).contains("The Pod \"bad\" is invalid:")
                .contains("spec.restartPolicy: Unsupported value: \"Sometimes\"")
                .contains("spec.containers[0].image: Required value")
                .contains("spec.containers[0].name: Invalid value: \"Main_1\"");
        // -v=6 shows the response code kubectl received.
        LocalNodeCluster.Run verbose = cluster.kubectl(null, "-n", NS, "create", "-f", bad.toString(), "-v=6");
        assertThat(verbose.out()).containsPattern("POST https://\\S+/api/v1/namespaces/node/pods\\S* 422 ");

        // A running pod's spec is immutable outside the few fields upstream allows.
        cluster.awaitReady(NS, "web");
        LocalNodeCluster.Run update = cluster.kubectl(null, "-n", NS, "patch", "pod", "web", "-p",
                "{\"spec\":{\"containers\":[{\"name\":\"web\",\"command\":[\"true\"]}]}}");
        assertThat(update.code()).isNotZero();
        assertThat(update.out()).contains("is invalid").contains("spec: Forbidden: pod updates may not change fields other than");
        assertThat(cluster.ok(null, "-n", NS, "get", "pods").out()).doesNotContain("bad ");
    }
}
