package dev.beluga.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beluga.apiserver.ApiServer;
import dev.beluga.apiserver.ApiServerConfig;
import dev.beluga.apiserver.KubeletClientConfig;
import dev.beluga.apiserver.TlsIdentity;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.kubelet.runtime.ContainerState;
import dev.beluga.storage.sqlite.SqliteStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pods/log end to end: a real API server that calls kubelets with a token and the kubelet's
 * certificate as its CA, a kubelet server on loopback over log files the test writes, and a Node
 * pointing at it; read through HTTP as clients do, and through kubectl when it is installed.
 */
class PodLogsEndToEndTest {
    private static final String ADMIN = "admin-token";
    private static final String KUBELET_TOKEN = "kubelet-token";

    @TempDir
    Path dir;
    private ApiServer api;
    private KubeletServer kubelet;
    private LogFixture fixture;
    private HttpClient http;
    private KubeletServingIdentity apiIdentity;

    @BeforeEach
    void start() throws Exception {
        KubeletServingIdentity identity = KubeletServingIdentity.selfSigned("localhost", List.of("127.0.0.1"), Instant.now());
        // kubectl sends its token only over TLS, so the API server serves HTTPS with a certificate of its own.
        apiIdentity = KubeletServingIdentity.selfSigned("localhost", List.of("127.0.0.1"), Instant.now());
        api = ApiServer.start(new ApiServerConfig("127.0.0.1", 0, Optional.of(new TlsIdentity(apiIdentity.keyStore(), apiIdentity.password())),
                        Map.of(ADMIN, "admin"), Duration.ofMinutes(5), 1000)
                .withKubeletClient(new KubeletClientConfig(KUBELET_TOKEN, Optional.of(identity.certificate()))), SqliteStore.open(dir.resolve("db")));
        Client client = api.client();
        client.create(Kind.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName("ns").endMetadata().build());
        Pod created = client.create(Kind.PODS, new PodBuilder(LogFixture.pod("ns", "n1")).editMetadata().withUid(null).endMetadata().withStatus(null).build());
        client.updateStatus(Kind.PODS, LogFixture.withStatus(created));
        fixture = new LogFixture(dir.resolve("pods"), "ns", created.getMetadata().getUid());
        // The kubelet's pods come from the API here; a kubelet's own come from its pod workers.
        kubelet = KubeletServer.start(new KubeletServerConfig("127.0.0.1", 0, identity, KUBELET_TOKEN),
                fixture.logs((ns, name) -> client.get(Kind.PODS, ns, name)));
        client.create(Kind.NODES, node("n1", kubelet.port()));
        client.create(Kind.NODES, node("hollow", 0));
        client.create(Kind.PODS, new PodBuilder().withNewMetadata().withName("h").withNamespace("ns").endMetadata()
                .withNewSpec().withNodeName("hollow").addNewContainer().withName("c").withImage("busybox:1.35").endContainer().endSpec().build());
        http = HttpClient.newBuilder().sslContext(TrustingTls.trusting(apiIdentity.certificate())).build();
    }

    private static Node node(String name, int port) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(port).endKubeletEndpoint().endDaemonEndpoints().endStatus().build();
    }

    @AfterEach
    void stop() {
        if (http != null) http.close();
        if (kubelet != null) kubelet.close();
        if (api != null) api.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.url() + pathAndQuery)).header("Authorization", "Bearer " + ADMIN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiServerProxiesToTheNodesKubelet() throws Exception {
        HttpResponse<String> tail = get("/api/v1/namespaces/ns/pods/p/log?container=a&tailLines=2");
        assertThat(tail.statusCode()).isEqualTo(200);
        assertThat(tail.body()).isEqualTo("second\nthird\n");
        assertThat(get("/api/v1/namespaces/ns/pods/p/log?container=a&previous=true").body()).isEqualTo("old one\nold two\n");
        assertThat(get("/api/v1/namespaces/ns/pods/p/log?container=a&timestamps=true&limitBytes=36").body())
                .isEqualTo("2026-01-01T10:00:03.000000001Z first");
    }

    @Test
    void refusalsAreStatusesWithUpstreamsMessages() throws Exception {
        assertStatus(get("/api/v1/namespaces/ns/pods/p/log"), 400, "a container name must be specified for pod p, choose one of: [a b]");
        assertStatus(get("/api/v1/namespaces/ns/pods/p/log?container=y"), 400, "container y is not valid for pod p");
        assertStatus(get("/api/v1/namespaces/ns/pods/p/log?container=b"), 400, "container \"b\" in pod \"p\" is waiting to start: ContainerCreating");
        assertStatus(get("/api/v1/namespaces/ns/pods/p/log?container=b&previous=true"), 400, "previous terminated container \"b\" in pod \"p\" not found");
        assertStatus(get("/api/v1/namespaces/ns/pods/p/log?container=a&tailLines=-1"), 422,
                "PodLogOptions \"p\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0");
        assertStatus(get("/api/v1/namespaces/ns/pods/nope/log"), 404, "pods \"nope\" not found");
        HttpResponse<String> hollow = get("/api/v1/namespaces/ns/pods/h/log");
        assertThat(hollow.statusCode()).isEqualTo(503);
        assertThat(hollow.body()).contains("serves no endpoint");
    }

    private static void assertStatus(HttpResponse<String> r, int code, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(code);
        assertThat(r.body()).contains("\"kind\":\"Status\"").contains("\"code\":" + code);
        assertThat(r.body()).contains("\"message\":\"" + message.replace("\"", "\\\"") + "\"");
    }

    @Test
    void followIsLiveThroughTheProxy() throws Exception {
        HttpResponse<InputStream> resp = http.send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces/ns/pods/p/log?container=a&follow=true&tailLines=1"))
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resp.statusCode()).isEqualTo(200);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("third");
            fixture.append(LogFixture.line(6, "stdout", "F", "live"));
            assertThat(lines.readLine()).isEqualTo("live");
            fixture.states.put("a-1", ContainerState.EXITED);
            assertThat(lines.readLine()).isNull();
        }
    }

    @Test
    void kubectlLogs() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!Files.isExecutable(Path.of("/usr/bin/kubectl"))) {
            if (ci) throw new IllegalStateException("kubectl is not at /usr/bin/kubectl and CI=true");
            assumeTrue(false, "kubectl is not installed; skipping kubectl logs");
        }
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "%s", certificate-authority-data: %s}}]
                users: [{name: u, user: {token: %s}}]
                contexts: [{name: x, context: {cluster: c, user: u, namespace: ns}}]
                current-context: x
                """.formatted(api.url(), Base64.getEncoder().encodeToString(pem(apiIdentity.certificate()).getBytes(StandardCharsets.US_ASCII)), ADMIN));
        assertThat(kubectl(kubeconfig, "logs", "p", "-c", "a", "--tail", "2")).isEqualTo(new Run(0, "second\nthird\n"));
        assertThat(kubectl(kubeconfig, "logs", "p", "-c", "a", "--previous")).isEqualTo(new Run(0, "old one\nold two\n"));
        assertThat(kubectl(kubeconfig, "logs", "p", "-c", "a", "--timestamps", "--tail", "1"))
                .isEqualTo(new Run(0, "2026-01-01T10:00:05.000000001Z third\n"));
        // kubectl itself picks the first container when none is named (the API server's 400 is for other clients).
        Run noName = kubectl(kubeconfig, "logs", "p", "--tail", "1");
        assertThat(noName.out()).contains("Defaulted container \"a\" out of: a, b").endsWith("third\n");
        Run waiting = kubectl(kubeconfig, "logs", "p", "-c", "b");
        assertThat(waiting.out()).contains("Error from server (BadRequest): container \"b\" in pod \"p\" is waiting to start: ContainerCreating");
    }

    record Run(int code, String out) {}

    private static String pem(java.security.cert.X509Certificate cert) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private Run kubectl(Path kubeconfig, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/kubectl", "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)) p.destroyForcibly();
        return new Run(p.exitValue(), out);
    }
}
