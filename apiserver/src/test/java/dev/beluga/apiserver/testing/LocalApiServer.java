package dev.beluga.apiserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import dev.beluga.apiserver.ApiServer;
import dev.beluga.apiserver.ApiServerConfig;
import dev.beluga.client.Client;
import dev.beluga.client.http.ClusterConnection;
import dev.beluga.client.http.HttpTransport;
import dev.beluga.storage.Store;
import dev.beluga.storage.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real API server for tests of the modules above it (client, controller, scheduler, kubelet, sim,
 * server): SQLite in a fresh temporary directory, plain HTTP on 127.0.0.1 (any free port), one admin
 * token. {@link #client()} is the in-process client, {@link #httpClient()} a new HTTP one; other
 * HTTP clients use {@link #httpUrl()} and {@link #token()}. Closing stops the server and deletes the directory.
 *
 * <pre>{@code
 * try (LocalApiServer api = LocalApiServer.start()) {
 *     api.client().create(Kind.NAMESPACES, ...);
 * }
 * }</pre>
 */
public final class LocalApiServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public static final String TOKEN = "local-admin-token";

    private final Path dir;
    private final ApiServer server;

    private LocalApiServer(Path dir, ApiServer server) {
        this.dir = dir;
        this.server = server;
    }

    public static LocalApiServer start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("beluga-api-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Store store = SqliteStore.open(dir.resolve("beluga.db"));
            return new LocalApiServer(dir, ApiServer.start(ApiServerConfig.plainForTests(Map.of(TOKEN, "admin")), store));
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    /** The in-process client (shared; closed with the server). */
    public Client client() {
        return server.client();
    }

    /** A new HTTP transport to this server with the admin token; the caller closes it. */
    public Client httpClient() {
        return new HttpTransport(ClusterConnection.of(httpUrl(), TOKEN));
    }

    /** e.g. http://127.0.0.1:41234 */
    public URI httpUrl() {
        return server.url();
    }

    /** The bearer token HTTP requests need. */
    public String token() {
        return TOKEN;
    }

    public ApiServer server() {
        return server;
    }

    /** A raw HTTP answer: the status code and the JSON body (null node when empty). */
    public record Reply(int code, JsonNode body) {}

    /** One raw HTTP request with the admin token, for tests of what kubectl sends on the wire. */
    public Reply call(String method, String path, String contentType, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(httpUrl() + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", contentType).timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(r.body()));
    }

    /** Compacts the store at its current revision: every older resourceVersion now gets 410 Expired. */
    public void compact() {
        Store store = server.registry().store();
        store.compact(store.currentRevision());
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: a leftover temp file must not fail the test that closed the server.
                }
            });
        } catch (IOException ignored) {
            // Same: the directory may already be gone.
        }
    }
}
