package dev.beluga.apiserver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.api.errors.StatusException;
import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;
import dev.beluga.client.ClientConformanceTest;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.WatchHandle;
import dev.beluga.client.WatchRequest;
import dev.beluga.client.http.ClusterConnection;
import dev.beluga.client.http.HttpTransport;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Client conformance suite on the HTTP transport against a real API server (SQLite, plain HTTP on
 * loopback), plus what only the HTTP transport has: authentication, unreachable servers, closing the
 * transport.
 */
class HttpClientConformanceTest extends ClientConformanceTest {
    private LocalApiServer api;
    private HttpTransport http;

    @BeforeAll
    void start() {
        api = LocalApiServer.start();
        http = new HttpTransport(ClusterConnection.of(api.httpUrl(), api.token()));
    }

    @AfterAll
    void stop() {
        if (http != null) http.close();
        if (api != null) api.close();
    }

    @Override
    protected Client client() {
        return http;
    }

    @Override
    protected void compactStore() {
        api.compact();
    }

    @Test
    void aWrongTokenIsUnauthorized() {
        try (HttpTransport stranger = new HttpTransport(ClusterConnection.of(api.httpUrl(), "not-the-token"))) {
            assertThatThrownBy(() -> stranger.get(Kind.NAMESPACES, "", "default")).isInstanceOfSatisfying(StatusException.class, e -> {
                assertThat(e.code()).isEqualTo(401);
                assertThat(e.reason()).isEqualTo("Unauthorized");
            });
            Recorder<ConfigMap> events = new Recorder<>();
            try (WatchHandle ignored = stranger.watch(Kind.CONFIGMAPS, "default", WatchRequest.from(""), events)) {
                Optional<StatusException> end = events.awaitClose();
                assertThat(end).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(401));
            }
        }
    }

    @Test
    void anUnreachableServerIsServiceUnavailable() throws IOException {
        // A port bound but never listened on refuses connections, and stays ours for the whole test: a
        // port merely found free and closed could be taken by another process before the calls below.
        try (java.net.Socket reserved = new java.net.Socket()) {
            reserved.setReuseAddress(false);
            reserved.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            URI nobody = URI.create("http://127.0.0.1:" + reserved.getLocalPort());
            assertUnreachable(nobody);
        }
    }

    private static void assertUnreachable(URI nobody) {
        try (HttpTransport lost = new HttpTransport(ClusterConnection.of(nobody, "t"))) {
            assertThatThrownBy(() -> lost.list(Kind.PODS, "", ListRequest.ALL)).isInstanceOfSatisfying(StatusException.class, e -> {
                assertThat(e.code()).isEqualTo(503);
                assertThat(e.reason()).isEqualTo("ServiceUnavailable");
                assertThat(e.getMessage()).contains(nobody.toString());
            });
            Recorder<Pod> events = new Recorder<>();
            lost.watch(Kind.PODS, "", WatchRequest.from(""), events);
            assertThat(events.awaitClose()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(503));
        }
    }

    @Test
    void closingTheTransportEndsItsWatchesAndRefusesCalls() {
        String ns = freshNamespace();
        HttpTransport own = new HttpTransport(ClusterConnection.of(api.httpUrl(), api.token()));
        Recorder<ConfigMap> events = new Recorder<>();
        own.watch(Kind.CONFIGMAPS, ns, WatchRequest.from(""), events);
        // The watch is established once a change made afterwards arrives.
        http.create(Kind.CONFIGMAPS, configMap(ns, "a", Map.of(), Map.of()));
        assertThat(events.next().object().getMetadata().getName()).isEqualTo("a");

        own.close();
        assertThat(events.awaitClose()).isEmpty();
        assertThatThrownBy(() -> own.get(Kind.CONFIGMAPS, ns, "a"))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(503));
        Recorder<ConfigMap> late = new Recorder<>();
        own.watch(Kind.CONFIGMAPS, ns, WatchRequest.from(""), late);
        assertThat(late.awaitClose()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(503));
    }

    @Test
    void aRequestWithoutANameIsRefusedBeforeItIsSent() {
        assertThatThrownBy(() -> http.get(Kind.PODS, "default", ""))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(400));
    }
}
