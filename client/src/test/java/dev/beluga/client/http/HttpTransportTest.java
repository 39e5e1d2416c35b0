package dev.beluga.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.beluga.api.errors.StatusException;
import dev.beluga.client.ClientConformanceTest.Recorder;
import dev.beluga.client.Kind;
import dev.beluga.client.WatchHandler;
import dev.beluga.client.WatchRequest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the transport does with a server's bytes and certificates that a real API server never
 * sends or cannot show: TLS trust (a CA, no CA, insecure), malformed and cut-short watch streams,
 * failing handlers. The server here is the JDK's small HTTP server on loopback answering scripts.
 */
class HttpTransportTest {
    private static final String CM = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"ns\",\"resourceVersion\":\"5\"}}";
    @TempDir Path dir;
    private HttpServer server;
    private final BlockingQueue<String> authorizations = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private URI url(String scheme) {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    private void serveConfigMap() {
        server.createContext("/api/v1/namespaces/ns/configmaps/c", ex -> {
            authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            respond(ex, 200, CM);
        });
        server.start();
    }

    private static void respond(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    // ---------------------------------------------------------------- TLS

    /** A self-signed certificate for 127.0.0.1 made by the JDK's keytool: its own CA. */
    private record Identity(KeyStore keyStore, String pem) {}

    private Identity selfSigned() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path store = dir.resolve("server.p12");
        run(List.of(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=beluga-test", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit"));
        String pem = run(List.of(keytool.toString(), "-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(),
                "-storepass", "changeit"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        return new Identity(ks, pem);
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(command + " failed: " + out);
        return out;
    }

    private void startHttps(Identity identity) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity.keyStore(), "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server = https;
        serveConfigMap();
    }

    @Test
    void tlsTrustsTheGivenCertificateAuthorityOnly() throws Exception {
        Identity identity = selfSigned();
        startHttps(identity);

        try (HttpTransport trusting = new HttpTransport(ClusterConnection.of(url("https"), "tok").withCaCertificate(identity.pem()))) {
            assertThat(trusting.get(Kind.CONFIGMAPS, "ns", "c")).hasValueSatisfying(c -> assertThat(c.getMetadata().getResourceVersion()).isEqualTo("5"));
            assertThat(authorizations.poll()).isEqualTo("Bearer tok");
        }
        try (HttpTransport systemTrust = new HttpTransport(ClusterConnection.of(url("https"), "tok"))) {
            assertThatThrownBy(() -> systemTrust.get(Kind.CONFIGMAPS, "ns", "c")).isInstanceOfSatisfying(StatusException.class, e -> {
                assertThat(e.code()).isEqualTo(503);
                assertThat(e.getMessage()).contains("TLS");
            });
        }
        try (HttpTransport insecure = new HttpTransport(new ClusterConnection(url("https"), Optional.empty(), "", true))) {
            assertThat(insecure.get(Kind.CONFIGMAPS, "ns", "c")).isPresent();
            assertThat(authorizations.poll()).as("no token, no header").isEqualTo("null");
        }
    }

    @Test
    void aKubeconfigConnectsOverTls() throws Exception {
        Identity identity = selfSigned();
        startHttps(identity);
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, """
                clusters: [{name: c, cluster: {server: "%s", certificate-authority-data: %s}}]
                users: [{name: u, user: {token: from-kubeconfig}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """.formatted(url("https"), java.util.Base64.getEncoder().encodeToString(identity.pem().getBytes(StandardCharsets.US_ASCII))));
        try (HttpTransport t = HttpTransport.fromKubeconfig(kubeconfig)) {
            assertThat(t.get(Kind.CONFIGMAPS, "ns", "c")).isPresent();
            assertThat(authorizations.poll()).isEqualTo("Bearer from-kubeconfig");
        }
    }

    // ---------------------------------------------------------------- watch streams

    private HttpTransport plainServing(String path, com.sun.net.httpserver.HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, handler);
        server.start();
        return new HttpTransport(ClusterConnection.of(url("http"), "t"));
    }

    /** Streams the given events, then ends the response. */
    private static com.sun.net.httpserver.HttpHandler streaming(String... lines) {
        return ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (String line : lines) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        };
    }

    @Test
    void aStreamTheServerEndsClosesWithoutErrorAfterItsEvents() throws IOException {
        try (HttpTransport t = plainServing("/api/v1/namespaces/ns/configmaps", streaming(
                "{\"type\":\"ADDED\",\"object\":" + CM + "}",
                "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"ConfigMap\",\"metadata\":{\"resourceVersion\":\"6\"}}}"))) {
            Recorder<ConfigMap> events = new Recorder<>();
            t.watch(Kind.CONFIGMAPS, "ns", WatchRequest.from("4"), events);
            assertThat(events.next().type()).isEqualTo(WatchHandler.EventType.ADDED);
            assertThat(events.awaitClose()).isEmpty();
        }
    }

    @Test
    void anUndecodableEventEndsTheWatchWithAnInternalError() throws IOException {
        try (HttpTransport t = plainServing("/api/v1/namespaces/ns/configmaps", streaming(
                "{\"type\":\"ADDED\",\"object\":" + CM + "}", "{\"type\":\"MODIFIED\",\"object\":[1,2]}"))) {
            Recorder<ConfigMap> events = new Recorder<>();
            t.watch(Kind.CONFIGMAPS, "ns", WatchRequest.from("4"), events);
            assertThat(events.next().type()).isEqualTo(WatchHandler.EventType.ADDED);
            assertThat(events.awaitClose()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(500));
        }
    }

    @Test
    void aFailingHandlerEndsTheWatchWithAnInternalError() throws IOException {
        try (HttpTransport t = plainServing("/api/v1/namespaces/ns/configmaps", streaming(
                "{\"type\":\"ADDED\",\"object\":" + CM + "}", "{\"type\":\"MODIFIED\",\"object\":" + CM + "}"))) {
            AtomicInteger calls = new AtomicInteger();
            CountDownLatch ended = new CountDownLatch(1);
            BlockingQueue<Optional<StatusException>> end = new LinkedBlockingQueue<>();
            t.watch(Kind.CONFIGMAPS, "ns", WatchRequest.from("4"), new WatchHandler<>() {
                @Override
                public void onEvent(EventType type, ConfigMap object) {
                    calls.incrementAndGet();
                    throw new IllegalStateException("handler bug");
                }

                @Override
                public void onClose(Optional<StatusException> error) {
                    end.add(error);
                    ended.countDown();
                }
            });
            assertThat(awaitQuietly(ended)).isTrue();
            assertThat(end.poll()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(500));
            assertThat(calls.get()).as("no event after the failing one").isEqualTo(1);
        }
    }

    @Test
    void aServerThatAnswersWithAnErrorBeforeStreamingEndsTheWatchWithIt() throws IOException {
        try (HttpTransport t = plainServing("/api/v1/namespaces/ns/configmaps", ex -> respond(ex, 403,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":403,\"reason\":\"Forbidden\",\"message\":\"no\"}"))) {
            Recorder<ConfigMap> events = new Recorder<>();
            t.watch(Kind.CONFIGMAPS, "ns", WatchRequest.from(""), events);
            assertThat(events.awaitClose()).hasValueSatisfying(e -> assertThat(e.reason()).isEqualTo("Forbidden"));
        }
    }

    @Test
    void closingAWatchWhoseServerHasNotAnsweredYetEndsIt() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        try (HttpTransport t = plainServing("/api/v1/namespaces/ns/configmaps", ex -> {
            awaitQuietly(release);
            ex.close();
        })) {
            Recorder<ConfigMap> events = new Recorder<>();
            var handle = t.watch(Kind.CONFIGMAPS, "ns", WatchRequest.from(""), events);
            handle.close();
            assertThat(events.awaitClose()).isEmpty();
        } finally {
            release.countDown();
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
