package dev.beluga.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.apiserver.testing.LocalApiServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** pods/binding and pods/eviction over HTTP, now that their work lives in the registry (PodBinding, PodEviction). */
class PodSubresourcesHttpTest {
    private static LocalApiServer api;

    @BeforeAll
    static void start() {
        api = LocalApiServer.start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static Reply call(String method, String path, String json) throws Exception {
        return api.call(method, path, "application/json", json);
    }

    static JsonNode createPod(String name) throws Exception {
        Reply r = call("POST", "/api/v1/namespaces/default/pods", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},"spec":{"containers":[{"name":"c","image":"busybox:1.36"}]}}"""
                .formatted(name));
        assertThat(r.code()).isEqualTo(201);
        return r.body();
    }

    static String binding(String name, String uid, String node) {
        return """
                {"apiVersion":"v1","kind":"Binding","metadata":{"name":"%s"%s,"annotations":{"scheduled-by":"test"}},"target":{"kind":"Node","name":"%s"}}"""
                .formatted(name, uid.isEmpty() ? "" : ",\"uid\":\"" + uid + "\"", node);
    }

    @Test
    void bindingChecksNameAndUidThenAssignsOnce() throws Exception {
        String uid = createPod("http-bound").path("metadata").path("uid").asText();
        String path = "/api/v1/namespaces/default/pods/http-bound/binding";

        Reply wrongName = call("POST", path, binding("other", "", "n1"));
        assertThat(wrongName.code()).isEqualTo(400);
        assertThat(wrongName.body().path("message").asText()).isEqualTo("name in URL does not match name in Binding object");

        assertThat(call("POST", path, binding("http-bound", "not-the-uid", "n1")).code()).isEqualTo(409);
        assertThat(call("POST", path, binding("http-bound", "", "")).code()).isEqualTo(422);

        Reply bound = call("POST", path, binding("http-bound", uid, "n1"));
        assertThat(bound.code()).isEqualTo(201);
        assertThat(bound.body().path("status").asText()).isEqualTo("Success");
        JsonNode pod = call("GET", "/api/v1/namespaces/default/pods/http-bound", null).body();
        assertThat(pod.path("spec").path("nodeName").asText()).isEqualTo("n1");
        assertThat(pod.path("metadata").path("annotations").path("scheduled-by").asText()).isEqualTo("test");

        Reply again = call("POST", path, binding("http-bound", "", "n2"));
        assertThat(again.code()).isEqualTo(409);
        assertThat(again.body().path("message").asText()).contains("is already assigned to node \"n1\"");
    }

    @Test
    void dryRunBindingChangesNothing() throws Exception {
        createPod("http-dry");
        assertThat(call("POST", "/api/v1/namespaces/default/pods/http-dry/binding?dryRun=All", binding("http-dry", "", "n1")).code()).isEqualTo(201);
        assertThat(call("GET", "/api/v1/namespaces/default/pods/http-dry", null).body().path("spec").has("nodeName")).isFalse();
    }

    @Test
    void evictionDeletesWithItsOptionsAndChecksPreconditions() throws Exception {
        createPod("http-evicted");
        call("POST", "/api/v1/namespaces/default/pods/http-evicted/binding", binding("http-evicted", "", "n1"));
        String path = "/api/v1/namespaces/default/pods/http-evicted/eviction";

        Reply wrongName = call("POST", path, "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"other\"}}");
        assertThat(wrongName.code()).isEqualTo(400);
        Reply wrongUid = call("POST", path, "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"http-evicted\"},"
                + "\"deleteOptions\":{\"preconditions\":{\"uid\":\"not-the-uid\"}}}");
        assertThat(wrongUid.code()).isEqualTo(409);

        Reply evicted = call("POST", path, "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"http-evicted\"},"
                + "\"deleteOptions\":{\"gracePeriodSeconds\":5}}");
        assertThat(evicted.code()).isEqualTo(201);
        JsonNode pod = call("GET", "/api/v1/namespaces/default/pods/http-evicted", null).body();
        assertThat(pod.path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(5);

        assertThat(call("POST", "/api/v1/namespaces/default/pods/never/eviction",
                "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"never\"}}").code()).isEqualTo(404);
    }
}
