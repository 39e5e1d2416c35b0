package dev.beluga.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.apiserver.ApiServer;
import dev.beluga.apiserver.ApiServerConfig;
import dev.beluga.apiserver.KubeletClientConfig;
import dev.beluga.apiserver.TlsIdentity;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.kubelet.server.stream.StreamingRuntime;
import dev.beluga.stream.UpgradeSplice;
import dev.beluga.storage.sqlite.SqliteStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pods/exec and pods/attach through both hops: a real API server (HTTPS) proxying to a real kubelet
 * server (HTTPS, token-checked), which asks its streaming runtime for a session and proxies to that
 * URL; a loopback server stands in for containerd's streaming server (answers 101, then echoes).
 */
class ExecEndpointsEndToEndTest {
    private static final String ADMIN = "admin-token";
    private static final String KUBELET_TOKEN = "kubelet-token";

    @TempDir
    Path dir;
    private ApiServer api;
    private KubeletServer kubelet;
    private ServerSocket streaming;
    private SSLContext clientTls;
    private final List<String> sessions = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        KubeletServingIdentity identity = KubeletServingIdentity.selfSigned("localhost", List.of("127.0.0.1"), Instant.now());
        KubeletServingIdentity apiIdentity = KubeletServingIdentity.selfSigned("localhost", List.of("127.0.0.1"), Instant.now());
        api = ApiServer.start(new ApiServerConfig("127.0.0.1", 0, Optional.of(new TlsIdentity(apiIdentity.keyStore(), apiIdentity.password())),
                        Map.of(ADMIN, "admin"), Duration.ofMinutes(5), 1000)
                .withKubeletClient(new KubeletClientConfig(KUBELET_TOKEN, Optional.of(identity.certificate()))), SqliteStore.open(dir.resolve("db")));
        Client client = api.client();
        client.create(Kind.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName("ns").endMetadata().build());
        Pod created = client.create(Kind.PODS, new PodBuilder(LogFixture.pod("ns", "n1")).editMetadata().withUid(null).endMetadata().withStatus(null).build());
        client.updateStatus(Kind.PODS, LogFixture.withStatus(created));
        Pod done = client.create(Kind.PODS, new PodBuilder().withNewMetadata().withName("done").withNamespace("ns").endMetadata()
                .withNewSpec().withNodeName("n1").addNewContainer().withName("c").withImage("busybox:1.35").endContainer().endSpec().build());
        client.updateStatus(Kind.PODS, new PodBuilder(done).editOrNewStatus().withPhase("Succeeded").endStatus().build());
        streaming = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        URI session = URI.create("http://127.0.0.1:" + streaming.getLocalPort() + "/exec/session-token");
        kubelet = KubeletServer.start(new KubeletServerConfig("127.0.0.1", 0, identity, KUBELET_TOKEN));
        kubelet.serveStreams((ns, name) -> client.get(Kind.PODS, ns, name), new StreamingRuntime() {
            @Override
            public URI exec(String containerId, List<String> command, boolean tty, boolean stdin, boolean stdout, boolean stderr) {
                sessions.add("exec " + containerId + " " + command + " tty=" + tty + " stdin=" + stdin + " stdout=" + stdout + " stderr=" + stderr);
                return session;
            }

            @Override
            public URI attach(String containerId, boolean tty, boolean stdin, boolean stdout, boolean stderr) {
                sessions.add("attach " + containerId + " tty=" + tty + " stdin=" + stdin + " stdout=" + stdout + " stderr=" + stderr);
                return session;
            }
        });
        client.create(Kind.NODES, new NodeBuilder().withNewMetadata().withName("n1").endMetadata()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubelet.port()).endKubeletEndpoint().endDaemonEndpoints().endStatus().build());
        clientTls = TrustingTls.trusting(apiIdentity.certificate());
    }

    @AfterEach
    void stop() throws IOException {
        if (kubelet != null) kubelet.close();
        if (api != null) api.close();
        if (streaming != null) streaming.close();
    }

    @Test
    void execReachesTheRuntimesSessionAndCarriesBytesBothWays() throws Exception {
        CompletableFuture<String> upstreamSaw = echoOnce();
        try (Socket client = connect()) {
            send(client, "POST", "/api/v1/namespaces/ns/pods/p/exec?command=sh&command=-c&command=echo%20hi&container=a&stdin=true&stdout=true&stderr=true");
            InputStream in = client.getInputStream();
            UpgradeSplice.Head head = UpgradeSplice.readHead(in);
            assertThat(head.status()).isEqualTo(101);
            assertThat(head.first("X-Stream-Protocol-Version")).isEqualTo("v4.channel.k8s.io");
            client.getOutputStream().write("ping!".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("PING!");
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(sessions).containsExactly("exec a-1 [sh, -c, echo hi] tty=false stdin=true stdout=true stderr=true");
        assertThat(upstreamSaw.get(30, TimeUnit.SECONDS)).startsWith("POST /exec/session-token HTTP/1.1\r\n")
                .contains("Upgrade: SPDY/3.1\r\n").contains("X-Stream-Protocol-Version: v4.channel.k8s.io\r\n")
                .doesNotContain(ADMIN).doesNotContain(KUBELET_TOKEN);
    }

    @Test
    void attachChoosesTheOnlyContainerAndATerminalDropsStderr() throws Exception {
        CompletableFuture<String> upstreamSaw = echoOnce();
        try (Socket client = connect()) {
            send(client, "GET", "/api/v1/namespaces/ns/pods/p/attach?container=a&stdin=true&stdout=true&stderr=true&tty=true");
            assertThat(UpgradeSplice.readHead(client.getInputStream()).status()).isEqualTo(101);
        }
        assertThat(sessions).containsExactly("attach a-1 tty=true stdin=true stdout=true stderr=false");
        assertThat(upstreamSaw.get(30, TimeUnit.SECONDS)).startsWith("GET /exec/session-token HTTP/1.1\r\n");
    }

    @Test
    void refusalsReachTheClient() throws Exception {
        // Not running: the kubelet's refusal comes back through the API server as it answered.
        assertRefused("/api/v1/namespaces/ns/pods/p/exec?command=true&container=b&stdout=true", 500, "container not found (\"b\")");
        assertRefused("/api/v1/namespaces/ns/pods/p/exec?command=true&stdout=true", 400,
                "a container name must be specified for pod p, choose one of: [a b]");
        assertRefused("/api/v1/namespaces/ns/pods/p/exec?container=a&stdout=true", 400, "you must specify at least one command for the container");
        // A finished pod: kubectl refuses it itself; asked anyway, the kubelet finds nothing running.
        assertRefused("/api/v1/namespaces/ns/pods/done/exec?command=true&stdout=true", 500, "container not found (\"c\")");
        assertRefused("/api/v1/namespaces/ns/pods/done/attach?stdout=true", 500, "container not found (\"c\")");
        assertThat(sessions).isEmpty();
    }

    private void assertRefused(String path, int code, String message) throws IOException {
        try (Socket client = connect()) {
            send(client, "POST", path);
            InputStream in = client.getInputStream();
            UpgradeSplice.Head head = UpgradeSplice.readHead(in);
            String body = new String(in.readNBytes(Integer.parseInt(head.first("Content-Length"))), StandardCharsets.UTF_8);
            assertThat(head.status()).as(body).isEqualTo(code);
            assertThat(body).contains(message.contains("\"") && body.startsWith("{") ? message.replace("\"", "\\\"") : message);
        }
    }

    private Socket connect() throws IOException {
        URI url = api.url();
        SSLSocket socket = (SSLSocket) clientTls.getSocketFactory().createSocket(url.getHost(), url.getPort());
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        return socket;
    }

    private static void send(Socket socket, String method, String target) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ADMIN + "\r\n"
                + "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n"
                + "X-Stream-Protocol-Version: v3.channel.k8s.io\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Plays containerd's streaming server once: 101 with the chosen protocol, then echoes five bytes upper-cased and hangs up. */
    private CompletableFuture<String> echoOnce() {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Socket s = streaming.accept()) {
                s.setSoTimeout(30_000);
                InputStream in = s.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) break;
                    head.write(b);
                }
                seen.complete(head.toString(StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                byte[] got = in.readNBytes(5);
                out.write(new String(got, StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                seen.completeExceptionally(e);
            }
        });
        return seen;
    }
}
