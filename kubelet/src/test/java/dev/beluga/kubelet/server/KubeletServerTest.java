package dev.beluga.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.kubelet.runtime.ContainerState;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubelet's HTTPS endpoint on loopback, over log files the test writes, called as the API server calls it. */
class KubeletServerTest {
    private static final String TOKEN = "kubelet-test-token";

    @TempDir
    Path dir;
    private LogFixture fixture;
    private KubeletServer server;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        fixture = new LogFixture(dir);
        KubeletServingIdentity identity = KubeletServingIdentity.selfSigned("localhost", List.of("127.0.0.1"), Instant.now());
        server = KubeletServer.start(new KubeletServerConfig("127.0.0.1", 0, identity, TOKEN),
                fixture.logs((ns, name) -> ns.equals("ns") && name.equals("p") ? Optional.of(LogFixture.pod("ns", "n1")) : Optional.empty()));
        // TLS that trusts exactly the kubelet's self-signed certificate (and checks that it names 127.0.0.1).
        http = HttpClient.newBuilder().sslContext(TrustingTls.trusting(identity.certificate())).build();
    }

    @AfterEach
    void stop() {
        if (http != null) http.close();
        if (server != null) server.close();
    }

    private HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + pathAndQuery));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void callersWithoutTheTokenAreTurnedAway() throws Exception {
        assertThat(get("/containerLogs/ns/p/a", null).statusCode()).isEqualTo(401);
        assertThat(get("/containerLogs/ns/p/a", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/nothing/here", TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void aServerStartedBeforeItsKubeletAnswers503UntilGivenTheLogs() throws Exception {
        KubeletServingIdentity identity = KubeletServingIdentity.selfSigned("localhost", List.of("127.0.0.1"), Instant.now());
        HttpClient trusting = HttpClient.newBuilder().sslContext(TrustingTls.trusting(identity.certificate())).build();
        try (KubeletServer early = KubeletServer.start(new KubeletServerConfig("127.0.0.1", 0, identity, TOKEN))) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + early.port() + "/containerLogs/ns/p/a"))
                    .header("Authorization", "Bearer " + TOKEN).build();
            assertThat(trusting.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
            early.serve(fixture.logs((ns, name) -> Optional.of(LogFixture.pod("ns", "n1"))));
            assertThat(trusting.send(req, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("first\nsecond\nthird\n");
        } finally {
            trusting.close();
        }
    }

    @Test
    void servesTheCurrentInstancesLogWithTheOptions() throws Exception {
        HttpResponse<String> all = get("/containerLogs/ns/p/a", TOKEN);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        assertThat(all.body()).isEqualTo("first\nsecond\nthird\n");
        assertThat(get("/containerLogs/ns/p/a?tailLines=1", TOKEN).body()).isEqualTo("third\n");
        assertThat(get("/containerLogs/ns/p/a?limitBytes=8", TOKEN).body()).isEqualTo("first\nse");
        assertThat(get("/containerLogs/ns/p/a?sinceTime=2026-01-01T10:00:05Z", TOKEN).body()).isEqualTo("third\n");
        assertThat(get("/containerLogs/ns/p/a?timestamps=true&tailLines=1", TOKEN).body()).isEqualTo("2026-01-01T10:00:05.000000001Z third\n");
        assertThat(get("/containerLogs/ns/p/a?previous=true", TOKEN).body()).isEqualTo("old one\nold two\n");
    }

    @Test
    void refusalsAreUpstreamsCodesAndMessages() throws Exception {
        HttpResponse<String> noPod = get("/containerLogs/ns/q/a", TOKEN);
        assertThat(noPod.statusCode()).isEqualTo(404);
        assertThat(noPod.body()).isEqualTo("pod \"q\" does not exist\n");
        HttpResponse<String> noContainer = get("/containerLogs/ns/p/z", TOKEN);
        assertThat(noContainer.statusCode()).isEqualTo(404);
        assertThat(noContainer.body()).isEqualTo("container \"z\" not found in pod \"p\"\n");
        HttpResponse<String> waiting = get("/containerLogs/ns/p/b", TOKEN);
        assertThat(waiting.statusCode()).isEqualTo(400);
        assertThat(waiting.body()).isEqualTo("container \"b\" in pod \"p\" is waiting to start: ContainerCreating\n");
        assertThat(get("/containerLogs/ns/p/a?tailLines=-1", TOKEN).statusCode()).isEqualTo(422);
    }

    @Test
    void followStreamsNewLinesUntilTheContainerStops() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/containerLogs/ns/p/a?follow=true&tailLines=1"))
                .header("Authorization", "Bearer " + TOKEN).build();
        HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resp.statusCode()).isEqualTo(200);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("third");
            fixture.append(LogFixture.line(6, "stdout", "F", "live"));
            assertThat(lines.readLine()).isEqualTo("live");
            fixture.append(LogFixture.line(7, "stdout", "F", "bye"));
            fixture.states.put("a-1", ContainerState.EXITED);
            assertThat(lines.readLine()).isEqualTo("bye");
            // The container stopped: the stream ends.
            assertThat(lines.readLine()).isNull();
        }
    }
}
