package dev.beluga.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import dev.beluga.storage.sqlite.SqliteStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over real HTTP on a real SQLite store: the semantics kubectl and controllers rely on. */
class ApiServerHttpTest {
    private static final String TOKEN = "test-token";
    @TempDir Path dir;
    private ApiServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        server = ApiServer.start(ApiServerConfig.plainForTests(Map.of(TOKEN, "admin")), SqliteStore.open(dir.resolve("beluga.db")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Reply(int code, JsonNode body, HttpResponse<String> raw) {}

    Reply call(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(20));
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() || !r.headers().firstValue("content-type").orElse("").contains("json")
                ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(r.body());
        return new Reply(r.statusCode(), json, r);
    }

    Reply get(String path) throws Exception { return call("GET", path, null, null); }

    Reply post(String path, String json) throws Exception { return call("POST", path, "application/json", json); }

    static String pod(String name, String image) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"%s"}},
                 "spec":{"containers":[{"name":"c","image":"%s"}]}}""".formatted(name, name, image);
    }

    static String deployment(String name, int replicas, String image) {
        return """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%s"}},
                  "template":{"metadata":{"labels":{"app":"%s"}},"spec":{"containers":[{"name":"c","image":"%s"}]}}}}"""
                .formatted(name, replicas, name, name, image);
    }

    @Test
    void healthAndVersionNeedNoTokenButResourcesDo() throws Exception {
        HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/livez")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
        HttpResponse<String> version = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/version")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Json.MAPPER.readTree(version.body()).path("major").asText()).isEqualTo("1");
        HttpResponse<String> denied = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/pods")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(Json.MAPPER.readTree(denied.body()).path("kind").asText()).isEqualTo("Status");
    }

    @Test
    void builtinNamespacesAndDefaultServiceAccountsExist() throws Exception {
        JsonNode items = get("/api/v1/namespaces").body().path("items");
        List<String> names = new ArrayList<>();
        items.forEach(n -> names.add(n.path("metadata").path("name").asText()));
        assertThat(names).contains("default", "kube-system", "kube-public", "kube-node-lease");
        assertThat(get("/api/v1/namespaces/default/serviceaccounts/default").code()).isEqualTo(200);
    }

    @Test
    void createGivesMetadataDefaultsAndPendingStatus() throws Exception {
        Reply r = post("/api/v1/namespaces/default/pods", pod("web", "busybox:1.35"));
        assertThat(r.code()).isEqualTo(201);
        JsonNode p = r.body();
        assertThat(p.path("metadata").path("uid").asText()).isNotEmpty();
        assertThat(p.path("metadata").path("creationTimestamp").asText()).endsWith("Z");
        assertThat(p.path("metadata").path("resourceVersion").asLong()).isPositive();
        assertThat(p.path("metadata").path("namespace").asText()).isEqualTo("default");
        assertThat(p.path("spec").path("restartPolicy").asText()).isEqualTo("Always");
        assertThat(p.path("spec").path("containers").get(0).path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
        assertThat(p.path("status").path("phase").asText()).isEqualTo("Pending");
        assertThat(post("/api/v1/namespaces/default/pods", pod("web", "busybox:1.35")).body().path("reason").asText()).isEqualTo("AlreadyExists");
    }

    @Test
    void badInputGetsStatusesNotServerErrors() throws Exception {
        Reply invalid = post("/api/v1/namespaces/default/pods", pod("web", ""));
        assertThat(invalid.code()).isEqualTo(422);
        assertThat(invalid.body().path("reason").asText()).isEqualTo("Invalid");
        assertThat(invalid.body().path("details").path("causes").get(0).path("field").asText()).isEqualTo("spec.containers[0].image");
        Reply garbage = post("/api/v1/namespaces/default/pods", "{not json");
        assertThat(garbage.code()).isEqualTo(400);
        assertThat(get("/api/v1/namespaces/default/widgets").code()).isEqualTo(404);
        assertThat(get("/api/v1/namespaces/default/pods/nope").body().path("reason").asText()).isEqualTo("NotFound");
        Reply strict = post("/api/v1/namespaces/default/pods?fieldValidation=Strict",
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"s\"},\"spec\":{\"bogus\":1,\"containers\":[{\"name\":\"c\",\"image\":\"x:1\"}]}}");
        assertThat(strict.code()).isEqualTo(400);
        assertThat(strict.body().path("message").asText()).contains("unknown field \"spec.bogus\"");
        assertThat(get("/api/v1/namespaces/default/pods/s").code()).isEqualTo(404);
        Reply warned = post("/api/v1/namespaces/default/pods",
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"w\"},\"spec\":{\"bogus\":1,\"containers\":[{\"name\":\"c\",\"image\":\"x:1\"}]}}");
        assertThat(warned.code()).isEqualTo(201);
        assertThat(warned.raw().headers().allValues("warning")).anyMatch(w -> w.contains("spec.bogus"));
        assertThat(warned.body().path("spec").has("bogus")).isFalse();
        assertThat(post("/api/v1/namespaces/nowhere/pods", pod("x", "x:1")).code()).isEqualTo(404);
    }

    @Test
    void concurrentPatchesWithoutResourceVersionAllSucceed() throws Exception {
        assertThat(post("/api/v1/namespaces/default/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"tick\"}}").code())
                .isEqualTo(201);
        // As upstream's GuaranteedUpdate: a write that wins the race makes the others re-read and retry, never 409.
        List<Integer> codes = java.util.Collections.synchronizedList(new ArrayList<>());
        // 16 at a time, as many as HTTP/2 streams the test client keeps cheaply; a failed call shows as -1.
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                pool.submit(() -> {
                    try {
                        codes.add(call("PATCH", "/api/v1/namespaces/default/configmaps/tick", "application/merge-patch+json",
                                "{\"data\":{\"k" + n + "\":\"v\"}}").code());
                    } catch (Exception e) {
                        codes.add(-1);
                    }
                });
            }
        }
        assertThat(codes).hasSize(200).containsOnly(200);
        assertThat(call("GET", "/api/v1/namespaces/default/configmaps/tick", "application/json", null).body().path("data").size()).isEqualTo(200);
    }

    @Test
    void staleResourceVersionConflictsAndGenerationFollowsSpecOnly() throws Exception {
        JsonNode d = post("/apis/apps/v1/namespaces/default/deployments", deployment("app", 1, "img:1")).body();
        assertThat(d.path("metadata").path("generation").asLong()).isEqualTo(1);
        ((com.fasterxml.jackson.databind.node.ObjectNode) d.path("spec")).put("replicas", 3);
        Reply updated = call("PUT", "/apis/apps/v1/namespaces/default/deployments/app", "application/json", d.toString());
        assertThat(updated.code()).isEqualTo(200);
        assertThat(updated.body().path("metadata").path("generation").asLong()).isEqualTo(2);
        Reply stale = call("PUT", "/apis/apps/v1/namespaces/default/deployments/app", "application/json", d.toString());
        assertThat(stale.code()).isEqualTo(409);
        assertThat(stale.body().path("reason").asText()).isEqualTo("Conflict");
        JsonNode labelled = call("PATCH", "/apis/apps/v1/namespaces/default/deployments/app", "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}").body();
        assertThat(labelled.path("metadata").path("generation").asLong()).isEqualTo(2);
        JsonNode status = call("PATCH", "/apis/apps/v1/namespaces/default/deployments/app/status", "application/merge-patch+json",
                "{\"spec\":{\"replicas\":9},\"status\":{\"replicas\":3}}").body();
        assertThat(status.path("status").path("replicas").asInt()).isEqualTo(3);
        assertThat(status.path("spec").path("replicas").asInt()).isEqualTo(3);
        JsonNode main = call("PATCH", "/apis/apps/v1/namespaces/default/deployments/app", "application/merge-patch+json",
                "{\"status\":{\"replicas\":7}}").body();
        assertThat(main.path("status").path("replicas").asInt()).isEqualTo(3);
    }

    @Test
    void patchTypesAndScale() throws Exception {
        post("/apis/apps/v1/namespaces/default/deployments", deployment("app", 1, "img:1"));
        JsonNode smp = call("PATCH", "/apis/apps/v1/namespaces/default/deployments/app", "application/strategic-merge-patch+json",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"side\",\"image\":\"img:2\"}]}}}}").body();
        assertThat(smp.path("spec").path("template").path("spec").path("containers")).hasSize(2);
        JsonNode jp = call("PATCH", "/apis/apps/v1/namespaces/default/deployments/app", "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}]").body();
        assertThat(jp.path("spec").path("replicas").asInt()).isEqualTo(4);
        JsonNode scale = get("/apis/apps/v1/namespaces/default/deployments/app/scale").body();
        assertThat(scale.path("kind").asText()).isEqualTo("Scale");
        assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(4);
        assertThat(scale.path("status").path("selector").asText()).isEqualTo("app=app");
        call("PATCH", "/apis/apps/v1/namespaces/default/deployments/app/scale", "application/merge-patch+json", "{\"spec\":{\"replicas\":2}}");
        assertThat(get("/apis/apps/v1/namespaces/default/deployments/app").body().path("spec").path("replicas").asInt()).isEqualTo(2);
    }

    @Test
    void listSelectsAndPages() throws Exception {
        for (int i = 0; i < 7; i++) post("/api/v1/namespaces/default/pods", pod("p" + i, "img:1"));
        assertThat(get("/api/v1/namespaces/default/pods?labelSelector=app%3Dp3").body().path("items")).hasSize(1);
        assertThat(get("/api/v1/pods?labelSelector=app+in+(p1,p2)").body().path("items")).hasSize(2);
        JsonNode first = get("/api/v1/namespaces/default/pods?limit=3").body();
        assertThat(first.path("items")).hasSize(3);
        String cont = first.path("metadata").path("continue").asText();
        assertThat(cont).isNotEmpty();
        JsonNode second = get("/api/v1/namespaces/default/pods?limit=5&continue=" + cont).body();
        assertThat(second.path("items")).hasSize(4);
        assertThat(second.path("metadata").path("continue").asText()).isEmpty();
        assertThat(get("/api/v1/namespaces/default/pods?fieldSelector=spec.bogus%3Dx").code()).isEqualTo(400);
    }

    @Test
    void watchStreamsChangesInOrderFromAResourceVersion() throws Exception {
        long rv = get("/api/v1/namespaces/default/pods").body().path("metadata").path("resourceVersion").asLong();
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces/default/pods?watch=true&resourceVersion=" + rv + "&timeoutSeconds=10"))
                .header("Authorization", "Bearer " + TOKEN).build();
        HttpResponse<java.io.InputStream> stream = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        post("/api/v1/namespaces/default/pods", pod("a", "img:1"));
        call("PATCH", "/api/v1/namespaces/default/pods/a", "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"x\":\"1\"}}}");
        call("DELETE", "/api/v1/namespaces/default/pods/a", null, null);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            List<String> types = new ArrayList<>();
            long last = rv;
            for (int i = 0; i < 3; i++) {
                JsonNode e = Json.MAPPER.readTree(lines.readLine());
                types.add(e.path("type").asText());
                long v = e.path("object").path("metadata").path("resourceVersion").asLong();
                assertThat(v).isGreaterThan(last);
                last = v;
            }
            assertThat(types).containsExactly("ADDED", "MODIFIED", "DELETED");
        }
    }

    @Test
    void gracefulPodDeletionWaitsForTheKubeletUnlessUnscheduled() throws Exception {
        post("/api/v1/namespaces/default/pods", pod("loose", "img:1"));
        assertThat(call("DELETE", "/api/v1/namespaces/default/pods/loose", null, null).code()).isEqualTo(200);
        assertThat(get("/api/v1/namespaces/default/pods/loose").code()).isEqualTo(404);
        post("/api/v1/namespaces/default/pods", pod("bound", "img:1"));
        assertThat(post("/api/v1/namespaces/default/pods/bound/binding",
                "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"bound\"},\"target\":{\"kind\":\"Node\",\"name\":\"n1\"}}").code())
                .isEqualTo(201);
        assertThat(get("/api/v1/namespaces/default/pods/bound").body().path("spec").path("nodeName").asText()).isEqualTo("n1");
        call("DELETE", "/api/v1/namespaces/default/pods/bound", null, null);
        JsonNode terminating = get("/api/v1/namespaces/default/pods/bound").body();
        assertThat(terminating.path("metadata").path("deletionTimestamp").asText()).isNotEmpty();
        assertThat(terminating.path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(30);
        call("DELETE", "/api/v1/namespaces/default/pods/bound?gracePeriodSeconds=0", null, null);
        assertThat(get("/api/v1/namespaces/default/pods/bound").code()).isEqualTo(404);
    }

    @Test
    void propagationPoliciesAreRecordedAsFinalizers() throws Exception {
        post("/apis/apps/v1/namespaces/default/replicasets", """
                {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"rs"},"spec":{"selector":{"matchLabels":{"a":"b"}},
                 "template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i:1"}]}}}}""");
        call("DELETE", "/apis/apps/v1/namespaces/default/replicasets/rs", "application/json", "{\"propagationPolicy\":\"Foreground\"}");
        JsonNode rs = get("/apis/apps/v1/namespaces/default/replicasets/rs").body();
        assertThat(rs.path("metadata").path("finalizers").toString()).contains("foregroundDeletion");
        assertThat(rs.path("metadata").path("deletionTimestamp").asText()).isNotEmpty();
        call("PATCH", "/apis/apps/v1/namespaces/default/replicasets/rs", "application/merge-patch+json", "{\"metadata\":{\"finalizers\":null}}");
        assertThat(get("/apis/apps/v1/namespaces/default/replicasets/rs").code()).isEqualTo(404);
    }

    @Test
    void namespaceDeletionMarksItTerminatingUntilTheNamespaceControllerFinalizesIt() throws Exception {
        post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"doomed\"}}");
        post("/api/v1/namespaces/doomed/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\"},\"data\":{\"a\":\"b\"}}");
        call("DELETE", "/api/v1/namespaces/doomed", null, null);
        JsonNode terminating = get("/api/v1/namespaces/doomed").body();
        assertThat(terminating.path("status").path("phase").asText()).isEqualTo("Terminating");
        assertThat(terminating.path("spec").path("finalizers").toString()).contains("kubernetes");
        Reply refused = post("/api/v1/namespaces/doomed/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"late\"}}");
        assertThat(refused.code()).isEqualTo(403);
        // Emptying it is the namespace controller's job (controller module); the finalize subresource then releases it.
        call("DELETE", "/api/v1/namespaces/doomed/configmaps/cm", null, null);
        ((com.fasterxml.jackson.databind.node.ObjectNode) terminating.path("spec")).putArray("finalizers");
        assertThat(call("PUT", "/api/v1/namespaces/doomed/finalize", "application/json", terminating.toString()).code()).isEqualTo(200);
        assertThat(get("/api/v1/namespaces/doomed").code()).isEqualTo(404);
    }

    @Test
    void generateNameAndDryRun() throws Exception {
        Reply gen = post("/api/v1/namespaces/default/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"generateName\":\"cfg-\"}}");
        assertThat(gen.body().path("metadata").path("name").asText()).matches("cfg-[a-z0-9]{5}");
        Reply dry = post("/api/v1/namespaces/default/configmaps?dryRun=All", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dry\"}}");
        assertThat(dry.code()).isEqualTo(201);
        assertThat(get("/api/v1/namespaces/default/configmaps/dry").code()).isEqualTo(404);
    }

    @Test
    void restartKeepsObjectsAndResourceVersionsKeepIncreasing() throws Exception {
        long before = post("/api/v1/namespaces/default/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"keep\"}}")
                .body().path("metadata").path("resourceVersion").asLong();
        server.close();
        server = ApiServer.start(ApiServerConfig.plainForTests(Map.of(TOKEN, "admin")), SqliteStore.open(dir.resolve("beluga.db")));
        assertThat(get("/api/v1/namespaces/default/configmaps/keep").code()).isEqualTo(200);
        long after = post("/api/v1/namespaces/default/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"next\"}}")
                .body().path("metadata").path("resourceVersion").asLong();
        assertThat(after).isGreaterThan(before);
        // A watch resumed from before the restart continues from the store's history.
        List<JsonNode> events = watchLines("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + before + "&timeoutSeconds=2", 1);
        assertThat(events.getFirst().path("type").asText()).isEqualTo("ADDED");
        assertThat(events.getFirst().path("object").path("metadata").path("name").asText()).isEqualTo("next");
    }

    @Test
    void watchFromACompactedRevisionGetsExpired() throws Exception {
        server.close();
        server = ApiServer.start(new ApiServerConfig("127.0.0.1", 0, java.util.Optional.empty(), Map.of(TOKEN, "admin"),
                Duration.ofMillis(200), 10_000), SqliteStore.open(dir.resolve("beluga.db")));
        long old = post("/api/v1/namespaces/default/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}")
                .body().path("metadata").path("resourceVersion").asLong();
        JsonNode first = null;
        // Bounded by time, not by rounds: the compactor runs on its own thread, which a busy machine delays.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (int i = 0; System.nanoTime() < deadline; i++) {
            call("PATCH", "/api/v1/namespaces/default/configmaps/a", "application/merge-patch+json", "{\"data\":{\"n\":\"" + i + "\"}}");
            Thread.sleep(100);
            first = watchLines("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + (old - 1) + "&timeoutSeconds=1", 1).getFirst();
            if (first.path("type").asText().equals("ERROR")) break;
        }
        assertThat(first.path("type").asText()).isEqualTo("ERROR");
        assertThat(first.path("object").path("code").asInt()).isEqualTo(410);
        assertThat(first.path("object").path("reason").asText()).isEqualTo("Expired");
    }

    /** The first {@code n} events of a watch. */
    List<JsonNode> watchLines(String path, int n) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Authorization", "Bearer " + TOKEN).build();
        HttpResponse<java.io.InputStream> stream = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while (out.size() < n && (line = lines.readLine()) != null) out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    @Test
    void tablesForKubectlGet() throws Exception {
        post("/api/v1/namespaces/default/pods", pod("t", "img:1"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces/default/pods"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json").build(), HttpResponse.BodyHandlers.ofString());
        JsonNode table = Json.MAPPER.readTree(r.body());
        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("columnDefinitions").get(0).path("name").asText()).isEqualTo("Name");
        assertThat(table.path("rows").get(0).path("cells").get(2).asText()).isEqualTo("Pending");
    }
}
