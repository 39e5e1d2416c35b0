package dev.beluga.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.apiserver.ApiServer;
import dev.beluga.apiserver.ApiServerConfig;
import dev.beluga.client.Kind;
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.ListPage;
import dev.beluga.storage.StorageException;
import dev.beluga.storage.StorageTimeoutException;
import dev.beluga.storage.Store;
import dev.beluga.storage.Watch;
import dev.beluga.storage.WatchListener;
import dev.beluga.storage.WriteResult;
import dev.beluga.storage.sqlite.SqliteStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that fails answers 503 (unreachable) or 504 (did not answer in time) with a Status, over
 * HTTP and in process, never 500; once it is back, everything acknowledged before is there.
 */
class StorageFaultsHttpTest {
    private static final String TOKEN = "t";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path temp;
    private FailingStore store;
    private ApiServer api;

    @BeforeEach
    void start() {
        store = new FailingStore(SqliteStore.open(temp.resolve("beluga.db")));
        api = ApiServer.start(ApiServerConfig.plainForTests(Map.of(TOKEN, "admin")), store);
    }

    @AfterEach
    void stop() {
        store.fault = Fault.NONE;
        api.close();
    }

    record Reply(int code, JsonNode body) {}

    private Reply call(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.url() + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(r.body()));
    }

    private static String configMap(String name) {
        return """
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%s"},"data":{"k":"v"}}""".formatted(name);
    }

    @Test
    void anUnreachableStoreIs503AndATimeoutIs504ThenTheStoreComesBackWithEverything() throws Exception {
        assertThat(call("POST", "/api/v1/namespaces/default/configmaps", configMap("before")).code()).isEqualTo(201);

        store.fault = Fault.UNREACHABLE;
        for (Reply r : new Reply[] {
                call("GET", "/api/v1/namespaces/default/configmaps/before", null),
                call("GET", "/api/v1/namespaces/default/configmaps", null),
                call("POST", "/api/v1/namespaces/default/configmaps", configMap("during")),
                call("DELETE", "/api/v1/namespaces/default/configmaps/before", null)}) {
            assertThat(r.code()).isEqualTo(503);
            assertThat(r.body().path("kind").asText()).isEqualTo("Status");
            assertThat(r.body().path("reason").asText()).isEqualTo("ServiceUnavailable");
            assertThat(r.body().path("code").asInt()).isEqualTo(503);
        }

        store.fault = Fault.TIMEOUT;
        for (Reply r : new Reply[] {
                call("GET", "/api/v1/namespaces/default/configmaps/before", null),
                call("POST", "/api/v1/namespaces/default/configmaps", configMap("during"))}) {
            assertThat(r.code()).isEqualTo(504);
            assertThat(r.body().path("kind").asText()).isEqualTo("Status");
            assertThat(r.body().path("reason").asText()).isEqualTo("Timeout");
        }

        store.fault = Fault.NONE;
        assertThat(call("GET", "/api/v1/namespaces/default/configmaps/before", null).code()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/namespaces/default/configmaps/during", null).code()).isEqualTo(404);
        assertThat(call("POST", "/api/v1/namespaces/default/configmaps", configMap("after")).code()).isEqualTo(201);
    }

    @Test
    void aWatchThatCannotStartIsAStatusNotAnEmptyStream() throws Exception {
        String rv = call("GET", "/api/v1/namespaces/default/configmaps", null).body().path("metadata").path("resourceVersion").asText();
        store.fault = Fault.UNREACHABLE;
        for (String query : new String[] {"?watch=true", "?watch=true&resourceVersion=" + rv}) {
            Reply r = call("GET", "/api/v1/namespaces/default/configmaps" + query, null);
            assertThat(r.code()).as(query).isEqualTo(503);
            assertThat(r.body().path("reason").asText()).isEqualTo("ServiceUnavailable");
        }
        store.fault = Fault.NONE;
        Reply bad = call("GET", "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=x", null);
        assertThat(bad.code()).as("a bad resourceVersion is still an ERROR event in a 200 stream").isEqualTo(200);
        assertThat(bad.body().path("type").asText()).isEqualTo("ERROR");
        assertThat(bad.body().path("object").path("code").asInt()).isEqualTo(400);
    }

    @Test
    void theInProcessClientAnswersTheSameStatuses() {
        store.fault = Fault.UNREACHABLE;
        assertThatThrownBy(() -> api.client().get(Kind.CONFIGMAPS, "default", "x"))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(503));
        store.fault = Fault.TIMEOUT;
        assertThatThrownBy(() -> api.client().get(Kind.CONFIGMAPS, "default", "x"))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(504));
        store.fault = Fault.NONE;
        assertThat(api.client().get(Kind.CONFIGMAPS, "default", "x")).isEmpty();
    }

    enum Fault { NONE, UNREACHABLE, TIMEOUT }

    /** SQLite behind a switch that makes every call fail the way an unreachable or slow etcd does. */
    static final class FailingStore implements Store {
        private final Store delegate;
        volatile Fault fault = Fault.NONE;

        FailingStore(Store delegate) {
            this.delegate = delegate;
        }

        private <T> T call(Supplier<T> operation) {
            switch (fault) {
                case UNREACHABLE -> throw new StorageException("etcd unreachable (test)");
                case TIMEOUT -> throw new StorageTimeoutException("deadline exceeded (test)");
                case NONE -> { }
            }
            return operation.get();
        }

        @Override public Optional<KeyValue> get(String key) { return call(() -> delegate.get(key)); }
        @Override public ListPage list(String prefix, long revision, String startAfter, int limit) { return call(() -> delegate.list(prefix, revision, startAfter, limit)); }
        @Override public long count(String prefix) { return call(() -> delegate.count(prefix)); }
        @Override public WriteResult create(String key, byte[] value) { return call(() -> delegate.create(key, value)); }
        @Override public WriteResult update(String key, byte[] value, long expected) { return call(() -> delegate.update(key, value, expected)); }
        @Override public WriteResult delete(String key, long expected) { return call(() -> delegate.delete(key, expected)); }
        @Override public Watch watch(String prefix, long afterRevision, WatchListener listener) { return call(() -> delegate.watch(prefix, afterRevision, listener)); }
        @Override public long currentRevision() { return call(delegate::currentRevision); }
        @Override public long compactedRevision() { return call(delegate::compactedRevision); }
        @Override public void compact(long revision) { call(() -> { delegate.compact(revision); return null; }); }
        @Override public void close() { delegate.close(); }
    }
}
