package dev.beluga.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.apiserver.testing.LocalApiServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** pods/ephemeralcontainers over HTTP: what kubectl debug sends, and upstream's 422s. */
class EphemeralContainersHttpTest {
    private static final String SMP = "application/strategic-merge-patch+json";
    private static LocalApiServer api;

    @BeforeAll
    static void start() {
        api = LocalApiServer.start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static Reply call(String method, String path, String contentType, String json) throws Exception {
        return api.call(method, path, contentType, json);
    }

    static void createPod(String name, String annotations) throws Exception {
        Reply r = call("POST", "/api/v1/namespaces/default/pods", "application/json", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"%s},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}"""
                .formatted(name, annotations));
        assertThat(r.code()).isEqualTo(201);
    }

    static String path(String pod) {
        return "/api/v1/namespaces/default/pods/" + pod + "/ephemeralcontainers";
    }

    /** kubectl debug's patch: a two-way strategic merge patch adding one ephemeral container (with empty resources). */
    static String debugPatch(String name, String extra) {
        return """
                {"spec":{"ephemeralContainers":[{"name":"%s","image":"busybox:1.35","command":["sh","-c","echo hi; sleep 3600"],
                "targetContainerName":"web","resources":{},"terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"%s}]}}"""
                .formatted(name, extra);
    }

    @Test
    void kubectlDebugPatchAddsAnEphemeralContainerAndOnlyThat() throws Exception {
        createPod("eph-web", "");
        Reply r = call("PATCH", path("eph-web"), SMP, """
                {"metadata":{"labels":{"sneaked":"in"}},"spec":{"activeDeadlineSeconds":5,"ephemeralContainers":[{"name":"dbg","image":"busybox:1.35",
                "command":["sh","-c","echo hi"],"targetContainerName":"web","resources":{}}]}}""");
        assertThat(r.code()).isEqualTo(200);
        JsonNode eph = r.body().path("spec").path("ephemeralContainers");
        assertThat(eph).hasSize(1);
        assertThat(eph.get(0).path("name").asText()).isEqualTo("dbg");
        assertThat(eph.get(0).path("targetContainerName").asText()).isEqualTo("web");
        // Defaults as for any container.
        assertThat(eph.get(0).path("terminationMessagePath").asText()).isEqualTo("/dev/termination-log");
        // Every other change is dropped, as upstream's strategy does.
        assertThat(r.body().path("metadata").path("labels").has("sneaked")).isFalse();
        assertThat(r.body().path("spec").has("activeDeadlineSeconds")).isFalse();

        Reply got = call("GET", path("eph-web"), "application/json", null);
        assertThat(got.code()).isEqualTo(200);
        assertThat(got.body().path("kind").asText()).isEqualTo("Pod");
        assertThat(got.body().path("spec").path("ephemeralContainers")).hasSize(1);

        // A second one is added beside the first (strategic merge by name).
        Reply second = call("PATCH", path("eph-web"), SMP, debugPatch("dbg2", ""));
        assertThat(second.code()).isEqualTo(200);
        assertThat(second.body().path("spec").path("ephemeralContainers")).hasSize(2);
    }

    @Test
    void invalidEphemeralContainersAre422() throws Exception {
        createPod("eph-invalid", "");
        Reply ports = call("PATCH", path("eph-invalid"), SMP, debugPatch("p", ",\"ports\":[{\"containerPort\":80}]"));
        assertThat(ports.code()).isEqualTo(422);
        assertThat(ports.body().path("message").asText()).contains("spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container");

        Reply probe = call("PATCH", path("eph-invalid"), SMP, debugPatch("p", ",\"readinessProbe\":{\"exec\":{\"command\":[\"true\"]}}"));
        assertThat(probe.code()).isEqualTo(422);
        assertThat(probe.body().path("message").asText()).contains("readinessProbe: Forbidden");

        Reply resources = call("PATCH", path("eph-invalid"), SMP, debugPatch("p", ",\"resources\":{\"limits\":{\"cpu\":\"1\"}}").replace("\"resources\":{},", ""));
        assertThat(resources.code()).isEqualTo(422);
        assertThat(resources.body().path("message").asText()).contains("spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container");

        Reply target = call("PATCH", path("eph-invalid"), SMP, debugPatch("p", "").replace("\"targetContainerName\":\"web\"", "\"targetContainerName\":\"nope\""));
        assertThat(target.code()).isEqualTo(422);
        assertThat(target.body().path("message").asText()).contains("spec.ephemeralContainers[0].targetContainerName: Not found: \"nope\"");

        Reply sameName = call("PATCH", path("eph-invalid"), SMP, debugPatch("web", ""));
        assertThat(sameName.code()).isEqualTo(422);
        assertThat(sameName.body().path("message").asText()).contains("spec.ephemeralContainers[0].name: Duplicate value: \"web\"");

        JsonNode pod = call("GET", "/api/v1/namespaces/default/pods/eph-invalid", "application/json", null).body();
        assertThat(pod.path("spec").has("ephemeralContainers")).isFalse();
    }

    @Test
    void existingEphemeralContainersCannotBeRemovedOrChanged() throws Exception {
        createPod("eph-fixed", "");
        assertThat(call("PATCH", path("eph-fixed"), SMP, debugPatch("dbg", "")).code()).isEqualTo(200);
        JsonNode pod = call("GET", path("eph-fixed"), "application/json", null).body();

        ObjectNode removed = pod.deepCopy();
        ((ObjectNode) removed.path("spec")).remove("ephemeralContainers");
        Reply remove = call("PUT", path("eph-fixed"), "application/json", Json.MAPPER.writeValueAsString(removed));
        assertThat(remove.code()).isEqualTo(422);
        assertThat(remove.body().path("message").asText()).contains("existing ephemeral containers \"dbg\" may not be removed");

        ObjectNode changed = pod.deepCopy();
        ((ObjectNode) changed.path("spec").path("ephemeralContainers").get(0)).put("image", "busybox:1.36");
        Reply change = call("PUT", path("eph-fixed"), "application/json", Json.MAPPER.writeValueAsString(changed));
        assertThat(change.code()).isEqualTo(422);
        assertThat(change.body().path("message").asText()).contains("existing ephemeral containers \"dbg\" may not be changed");

        // A PUT with a stale resourceVersion conflicts.
        ObjectNode stale = pod.deepCopy();
        ((ObjectNode) stale.path("metadata")).put("resourceVersion", "1");
        assertThat(call("PUT", path("eph-fixed"), "application/json", Json.MAPPER.writeValueAsString(stale)).code()).isEqualTo(409);

        // The plain pod update still refuses ephemeral containers.
        ObjectNode viaPod = pod.deepCopy();
        ((ObjectNode) viaPod.path("spec").path("ephemeralContainers").get(0)).put("name", "other");
        assertThat(call("PUT", "/api/v1/namespaces/default/pods/eph-fixed", "application/json", Json.MAPPER.writeValueAsString(viaPod)).code())
                .isEqualTo(422);
    }

    @Test
    void mirrorPodsRefuseEphemeralContainers() throws Exception {
        createPod("eph-mirror", ",\"annotations\":{\"kubernetes.io/config.mirror\":\"abc\"}");
        Reply r = call("PATCH", path("eph-mirror"), SMP, debugPatch("dbg", ""));
        assertThat(r.code()).isEqualTo(422);
        assertThat(r.body().path("message").asText()).contains("static pods do not support ephemeral containers");
    }

    @Test
    void unknownPodIs404() throws Exception {
        assertThat(call("PATCH", path("eph-none"), SMP, debugPatch("dbg", "")).code()).isEqualTo(404);
    }
}
