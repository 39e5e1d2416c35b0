package dev.beluga.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** httpGet and tcpSocket checks against a server on loopback, started by the test. */
class NetworkChecksTest {
    private static final String LOOPBACK = "127.0.0.1";
    private HttpServer server;
    private int port;
    private final Map<String, String> seenHeaders = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ProbeRunner runner = new ProbeRunner(null); // exec is not used here

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            ex.getRequestHeaders().forEach((k, v) -> seenHeaders.put(k.toLowerCase(), v.getFirst()));
            String path = ex.getRequestURI().getPath();
            int status = switch (path) {
                case "/healthz" -> 200;
                case "/broken" -> 500;
                case "/moved" -> 302;
                case "/away" -> 301;
                case "/slow" -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    yield 200;
                }
                default -> 404;
            };
            if (path.equals("/moved")) ex.getResponseHeaders().add("Location", "/healthz");
            if (path.equals("/away")) ex.getResponseHeaders().add("Location", "http://192.0.2.1/elsewhere");
            byte[] body = ("at " + path).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private Container container() {
        return new ContainerBuilder().withName("app").addNewPort().withName("http").withContainerPort(port).endPort().build();
    }

    /**
     * Checks that must get an answer have a generous timeout: on a busy machine the first request (class loading on
     * both ends, a server thread to start) can take longer than upstream's default second, and a timeout would turn
     * the expected outcome into "context deadline exceeded". Only {@link #noAnswerWithinTheTimeoutFails} tests the timeout.
     */
    private static final int ANSWERED_TIMEOUT_SECONDS = 30;

    private Probe http(String path, IntOrString p) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(p).endHttpGet().withTimeoutSeconds(ANSWERED_TIMEOUT_SECONDS).build();
    }

    @Test
    void aSuccessfulGetPassesWithTheKubeletsHeadersAndTheProbesOwn() {
        Probe p = new ProbeBuilder().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(port))
                .withHttpHeaders(new HTTPHeader("X-Custom", "yes")).endHttpGet().withTimeoutSeconds(ANSWERED_TIMEOUT_SECONDS).build();
        ProbeOutcome o = runner.run(p, container(), "c1", List.of(LOOPBACK));
        assertThat(o).isEqualTo(new ProbeOutcome.Success("at /healthz"));
        assertThat(seenHeaders).containsEntry("user-agent", "kube-probe/1.32").containsEntry("accept", "*/*").containsEntry("x-custom", "yes")
                .containsEntry("host", LOOPBACK + ":" + port);
    }

    @Test
    void aUserAgentHeaderReplacesTheKubelets() {
        Probe p = new ProbeBuilder().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(port))
                .withHttpHeaders(new HTTPHeader("user-agent", "mine")).endHttpGet().withTimeoutSeconds(ANSWERED_TIMEOUT_SECONDS).build();
        assertThat(runner.run(p, container(), "c1", List.of(LOOPBACK)).passed()).isTrue();
        assertThat(seenHeaders).containsEntry("user-agent", "mine");
    }

    @Test
    void aNamedPortIsTheContainersPortOfThatName() {
        assertThat(runner.run(http("/healthz", new IntOrString("http")), container(), "c1", List.of(LOOPBACK)).passed()).isTrue();
        ProbeOutcome missing = runner.run(http("/healthz", new IntOrString("metrics")), container(), "c1", List.of(LOOPBACK));
        assertThat(missing).isInstanceOf(ProbeOutcome.Error.class);
        assertThat(missing.output()).contains("metrics");
    }

    @Test
    void aServerErrorFailsWithUpstreamsMessage() {
        ProbeOutcome o = runner.run(http("/broken", new IntOrString(port)), container(), "c1", List.of(LOOPBACK));
        assertThat(o).isEqualTo(new ProbeOutcome.Failure("HTTP probe failed with statuscode: 500"));
        assertThat(runner.run(http("/nothing", new IntOrString(port)), container(), "c1", List.of(LOOPBACK)))
                .isEqualTo(new ProbeOutcome.Failure("HTTP probe failed with statuscode: 404"));
    }

    @Test
    void aRedirectOnTheSameHostIsFollowedAndOneElsewhereIsAWarning() {
        assertThat(runner.run(http("/moved", new IntOrString(port)), container(), "c1", List.of(LOOPBACK)))
                .isEqualTo(new ProbeOutcome.Success("at /healthz"));
        ProbeOutcome away = runner.run(http("/away", new IntOrString(port)), container(), "c1", List.of(LOOPBACK));
        assertThat(away).isEqualTo(new ProbeOutcome.Warning("Probe terminated redirects, Response body: at /away"));
        assertThat(away.passed()).isTrue();
    }

    @Test
    void noAnswerWithinTheTimeoutFails() {
        Probe slow = new ProbeBuilder().withNewHttpGet().withPath("/slow").withPort(new IntOrString(port)).endHttpGet().withTimeoutSeconds(1).build();
        ProbeOutcome o = runner.run(slow, container(), "c1", List.of(LOOPBACK));
        assertThat(o).isInstanceOf(ProbeOutcome.Failure.class);
        assertThat(o.output()).isEqualTo("Get \"http://127.0.0.1:" + port + "/slow\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
    }

    @Test
    void aClosedPortFailsAsGoSaysIt() throws IOException {
        int closed = freePort();
        ProbeOutcome o = runner.run(http("/healthz", new IntOrString(closed)), container(), "c1", List.of(LOOPBACK));
        assertThat(o).isEqualTo(new ProbeOutcome.Failure("Get \"http://127.0.0.1:" + closed + "/healthz\": dial tcp 127.0.0.1:" + closed
                + ": connect: connection refused"));
    }

    @Test
    void tcpPassesWhenAConnectionOpensAndFailsWhenRefused() throws IOException {
        Probe open = new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket().withTimeoutSeconds(ANSWERED_TIMEOUT_SECONDS).build();
        assertThat(runner.run(open, container(), "c1", List.of(LOOPBACK))).isEqualTo(new ProbeOutcome.Success(""));
        int closed = freePort();
        Probe shut = new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(closed)).endTcpSocket().build();
        assertThat(runner.run(shut, container(), "c1", List.of(LOOPBACK)))
                .isEqualTo(new ProbeOutcome.Failure("dial tcp 127.0.0.1:" + closed + ": connect: connection refused"));
    }

    @Test
    void probesReachOnlyThePodsIpsOrLoopback() {
        Probe elsewhere = new ProbeBuilder().withNewHttpGet().withHost("192.0.2.10").withPath("/").withPort(new IntOrString(port)).endHttpGet().build();
        ProbeOutcome o = runner.run(elsewhere, container(), "c1", List.of("10.244.0.5"));
        assertThat(o).isInstanceOf(ProbeOutcome.Error.class);
        assertThat(o.output()).contains("192.0.2.10").contains("neither");
        Probe named = new ProbeBuilder().withNewTcpSocket().withHost("example.com").withPort(new IntOrString(80)).endTcpSocket().build();
        assertThat(runner.run(named, container(), "c1", List.of("10.244.0.5"))).isInstanceOf(ProbeOutcome.Error.class);
        Probe noIp = new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(80)).endTcpSocket().build();
        assertThat(runner.run(noIp, container(), "c1", List.of()).output()).isEqualTo("the pod has no IP yet");
        // Without a host the pod's IP is used: here the pod's IP is loopback, so the check gets through.
        assertThat(runner.run(http("/healthz", new IntOrString(port)), container(), "c1", List.of(LOOPBACK)).passed()).isTrue();
    }

    @Test
    void grpcIsRefusedClearly() {
        Probe grpc = new ProbeBuilder().withNewGrpc().withPort(9090).endGrpc().build();
        assertThat(runner.run(grpc, container(), "c1", List.of(LOOPBACK))).isEqualTo(new ProbeOutcome.Error(ProbeRunner.GRPC_UNSUPPORTED));
    }

    @Test
    void requestTargetsAsUpstreamFormatsThem() {
        assertThat(HttpCheck.requestTarget("")).isEqualTo("/");
        assertThat(HttpCheck.requestTarget("healthz")).isEqualTo("/healthz");
        assertThat(HttpCheck.requestTarget("/ready?verbose=1")).isEqualTo("/ready?verbose=1");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
