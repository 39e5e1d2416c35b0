package dev.beluga.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.apiserver.testing.LocalApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pods/log refusals the API server makes itself, before any kubelet is called (the proxying to a
 * kubelet is tested end to end in the kubelet module, which has the kubelet's server).
 */
class PodLogsHttpTest {
    private static LocalApiServer api;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        api = LocalApiServer.start();
        send("POST", "/api/v1/nodes", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"hollow"},"status":{"addresses":[{"type":"InternalIP","address":"127.0.0.1"}],
                 "daemonEndpoints":{"kubeletEndpoint":{"Port":0}}}}""");
        send("POST", "/api/v1/nodes", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"real"},"status":{"addresses":[{"type":"InternalIP","address":"127.0.0.1"}],
                 "daemonEndpoints":{"kubeletEndpoint":{"Port":10250}}}}""");
        pod("two", "real", "{\"name\":\"a\",\"image\":\"busybox:1.35\"},{\"name\":\"b\",\"image\":\"busybox:1.35\"}", "{\"name\":\"init\",\"image\":\"busybox:1.35\"}");
        pod("unbound", "", "{\"name\":\"c\",\"image\":\"busybox:1.35\"}", "");
        pod("hollow", "hollow", "{\"name\":\"c\",\"image\":\"busybox:1.35\"}", "");
        pod("real", "real", "{\"name\":\"c\",\"image\":\"busybox:1.35\"}", "");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static void pod(String name, String node, String containers, String inits) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/namespaces/default/pods", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},"spec":{%s"containers":[%s],"initContainers":[%s]}}"""
                .formatted(name, node.isEmpty() ? "" : "\"nodeName\":\"" + node + "\",", containers, inits));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.httpUrl() + path)).header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertStatus(String path, int code, String message) throws Exception {
        HttpResponse<String> r = send("GET", path, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(code);
        assertThat(r.body()).contains("\"message\":\"" + message.replace("\"", "\\\"") + "\"");
    }

    @Test
    void theContainerMustBeNamedWhenThereAreSeveralAndMustExist() throws Exception {
        assertStatus("/api/v1/namespaces/default/pods/two/log", 400, "a container name must be specified for pod two, choose one of: [init a b]");
        assertStatus("/api/v1/namespaces/default/pods/two/log?container=zz", 400, "container zz is not valid for pod two");
    }

    @Test
    void optionsAreValidatedFirst() throws Exception {
        assertStatus("/api/v1/namespaces/default/pods/two/log?container=a&sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z", 422,
                "PodLogOptions \"two\" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified");
        assertStatus("/api/v1/namespaces/default/pods/two/log?container=a&limitBytes=0", 422,
                "PodLogOptions \"two\" is invalid: limitBytes: Invalid value: 0: must be greater than 0");
        assertStatus("/api/v1/namespaces/default/pods/two/log?tailLines=x", 400, "tailLines: invalid integer value x");
    }

    @Test
    void podsWithoutAKubeletToAskAreRefusedClearly() throws Exception {
        assertStatus("/api/v1/namespaces/default/pods/unbound/log", 400, "pod unbound does not have a host assigned");
        assertStatus("/api/v1/namespaces/default/pods/hollow/log", 503,
                "pods/log needs the kubelet of node \"hollow\", and that node's kubelet serves no endpoint (a hollow node)");
        // This API server was given no credentials for kubelets.
        assertStatus("/api/v1/namespaces/default/pods/real/log", 503,
                "pods/log needs the kubelet of node \"real\", and this API server has no credentials to call kubelets");
        assertStatus("/api/v1/namespaces/default/pods/none/log", 404, "pods \"none\" not found");
    }
}
