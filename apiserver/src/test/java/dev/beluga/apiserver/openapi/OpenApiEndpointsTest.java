package dev.beluga.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.apiserver.discovery.Answer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class OpenApiEndpointsTest {
    private static final ResourceRegistry REGISTRY = new ResourceRegistry();
    private static final OpenApiEndpoints ENDPOINTS = new OpenApiEndpoints(REGISTRY);

    private static JsonNode json(Answer a) throws IOException {
        assertThat(a.status()).isEqualTo(200);
        return Json.MAPPER.readTree(a.body());
    }

    private static JsonNode v3(String gv) throws IOException {
        return json(ENDPOINTS.serve("/openapi/v3/" + gv, "", "application/json").orElseThrow());
    }

    @Test
    void v3IndexPointsAtEveryGroupVersionWithItsHash() throws IOException {
        JsonNode index = json(ENDPOINTS.serve("/openapi/v3", null, "application/json").orElseThrow());
        assertThat(iterable(index.path("paths").fieldNames())).containsExactly(
                "api/v1", "apis/apps/v1", "apis/coordination.k8s.io/v1", "apis/events.k8s.io/v1");
        String url = index.path("paths").path("apis/apps/v1").path("serverRelativeURL").asText();
        assertThat(url).startsWith("/openapi/v3/apis/apps/v1?hash=");

        Answer hashed = ENDPOINTS.serve("/openapi/v3/apis/apps/v1", url.substring(url.indexOf('?') + 1), "application/json").orElseThrow();
        assertThat(hashed.status()).isEqualTo(200);
        assertThat(hashed.headers()).containsEntry("Cache-Control", "public, immutable").containsKey("Expires");
        assertThat(hashed.headers().get("ETag")).isEqualTo("\"" + url.substring(url.indexOf("hash=") + 5) + "\"");

        Answer stale = ENDPOINTS.serve("/openapi/v3/apis/apps/v1", "hash=OLD", "application/json").orElseThrow();
        assertThat(stale.status()).isEqualTo(301);
        assertThat(stale.headers()).containsEntry("Location", url);

        Answer plain = ENDPOINTS.serve("/openapi/v3/apis/apps/v1", null, "application/json").orElseThrow();
        assertThat(plain.headers()).containsEntry("Cache-Control", "no-cache, private");
    }

    @Test
    void podSchemaIsUpstreamsWithPatchMergeKeysAndKind() throws IOException {
        JsonNode schemas = v3("api/v1").path("components").path("schemas");
        JsonNode pod = schemas.path("io.k8s.api.core.v1.Pod");
        assertThat(pod.path("x-kubernetes-group-version-kind").get(0))
                .isEqualTo(Json.MAPPER.readTree("{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}"));
        assertThat(pod.path("properties").path("metadata").path("$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        JsonNode containers = schemas.path("io.k8s.api.core.v1.PodSpec").path("properties").path("containers");
        assertThat(containers.path("type").asText()).isEqualTo("array");
        assertThat(containers.path("x-kubernetes-patch-merge-key").asText()).isEqualTo("name");
        assertThat(containers.path("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
        assertThat(containers.path("items").path("$ref").asText()).isEqualTo("#/components/schemas/io.k8s.api.core.v1.Container");
        assertThat(texts(schemas.path("io.k8s.api.core.v1.PodSpec").path("required"))).containsExactly("containers");
        assertThat(texts(schemas.path("io.k8s.api.core.v1.Container").path("required"))).containsExactly("name");

        JsonNode container = schemas.path("io.k8s.api.core.v1.Container").path("properties");
        assertThat(container.path("ports").path("x-kubernetes-patch-merge-key").asText()).isEqualTo("containerPort");
        assertThat(container.path("resources").path("$ref").asText()).endsWith("io.k8s.api.core.v1.ResourceRequirements");
        JsonNode limits = schemas.path("io.k8s.api.core.v1.ResourceRequirements").path("properties").path("limits");
        assertThat(limits.path("additionalProperties").path("$ref").asText()).endsWith("io.k8s.apimachinery.pkg.api.resource.Quantity");
        assertThat(schemas.path("io.k8s.apimachinery.pkg.api.resource.Quantity").has("oneOf")).isTrue();
        assertThat(schemas.path("io.k8s.apimachinery.pkg.util.intstr.IntOrString").path("format").asText()).isEqualTo("int-or-string");
        JsonNode creation = schemas.path("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").path("properties").path("creationTimestamp");
        assertThat(creation.path("$ref").asText()).endsWith("io.k8s.apimachinery.pkg.apis.meta.v1.Time");
        assertThat(schemas.path("io.k8s.apimachinery.pkg.apis.meta.v1.Time").path("format").asText()).isEqualTo("date-time");
        assertThat(schemas.path("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").path("properties").path("labels")
                .path("additionalProperties").path("type").asText()).isEqualTo("string");
    }

    @Test
    void deploymentStrategyKeepsRetainKeysNextToItsReference() throws IOException {
        JsonNode strategy = v3("apis/apps/v1").path("components").path("schemas").path("io.k8s.api.apps.v1.DeploymentSpec")
                .path("properties").path("strategy");
        assertThat(strategy.path("x-kubernetes-patch-strategy").asText()).isEqualTo("retainKeys");
        assertThat(strategy.path("allOf").get(0).path("$ref").asText()).endsWith("io.k8s.api.apps.v1.DeploymentStrategy");
    }

    @Test
    void everyPatchOperationOffersFieldValidationAndDryRunAsKubectlChecks() throws IOException {
        int patches = 0;
        for (String gv : List.of("api/v1", "apis/apps/v1", "apis/coordination.k8s.io/v1", "apis/events.k8s.io/v1")) {
            for (JsonNode item : v3(gv).path("paths")) {
                for (String method : List.of("post", "put", "patch")) {
                    JsonNode op = item.path(method);
                    if (op.isMissingNode()) continue;
                    if (method.equals("patch")) patches++;
                    assertThat(op.path("x-kubernetes-group-version-kind").path("kind").asText()).isNotEmpty();
                    List<String> query = StreamSupport.stream(op.path("parameters").spliterator(), false)
                            .filter(p -> p.path("in").asText().equals("query")).map(p -> p.path("name").asText()).toList();
                    assertThat(query).contains("fieldValidation", "dryRun", "fieldManager");
                }
            }
        }
        assertThat(patches).isGreaterThan(REGISTRY.all().size());
        JsonNode podPatch = v3("api/v1").path("paths").path("/api/v1/namespaces/{namespace}/pods/{name}").path("patch");
        assertThat(podPatch.path("x-kubernetes-action").asText()).isEqualTo("patch");
        assertThat(podPatch.path("operationId").asText()).isEqualTo("patchCoreV1NamespacedPod");
        assertThat(iterable(podPatch.path("requestBody").path("content").fieldNames()))
                .contains("application/strategic-merge-patch+json", "application/apply-patch+yaml");
        JsonNode scale = v3("apis/apps/v1").path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale").path("get");
        assertThat(scale.path("x-kubernetes-group-version-kind").path("group").asText()).isEqualTo("autoscaling");
        assertThat(v3("apis/apps/v1").path("components").path("schemas").has("io.k8s.api.autoscaling.v1.Scale")).isTrue();
    }

    @Test
    void everyRegistryKindHasItsSchemaAndEveryReferenceResolves() throws IOException {
        for (var t : REGISTRY.all()) {
            String gv = t.group().isEmpty() ? "api/v1" : "apis/" + t.group() + "/" + t.version();
            JsonNode doc = v3(gv);
            JsonNode schemas = doc.path("components").path("schemas");
            assertThat(StreamSupport.stream(schemas.spliterator(), false))
                    .as(t.kind()).anyMatch(s -> s.path("x-kubernetes-group-version-kind").path(0).path("kind").asText().equals(t.kind()));
            List<String> refs = new ArrayList<>();
            collectRefs(doc, refs);
            for (String ref : refs) assertThat(schemas.has(ref.substring("#/components/schemas/".length()))).as(ref).isTrue();
        }
    }

    @Test
    void unknownGroupVersionIs404AndOtherPathsAreNotOpenApi() {
        assertThat(ENDPOINTS.serve("/openapi/v3/apis/nope/v1", null, "application/json").orElseThrow().status()).isEqualTo(404);
        assertThat(ENDPOINTS.serve("/api/v1", null, "application/json")).isEmpty();
        assertThat(ENDPOINTS.serve("/openapi/v2", null, "text/html").orElseThrow().status()).isEqualTo(406);
    }

    @Test
    void v2JsonHasDefinitionsWithKindsAndPatchOperationsWithGvk() throws IOException {
        Answer a = ENDPOINTS.serve("/openapi/v2", null, "application/json").orElseThrow();
        assertThat(a.contentType()).isEqualTo("application/json");
        JsonNode doc = json(a);
        assertThat(doc.path("swagger").asText()).isEqualTo("2.0");
        JsonNode pod = doc.path("definitions").path("io.k8s.api.core.v1.Pod");
        assertThat(pod.path("properties").path("spec").path("$ref").asText()).isEqualTo("#/definitions/io.k8s.api.core.v1.PodSpec");
        JsonNode patch = doc.path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").path("patch");
        assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("Deployment");
        assertThat(StreamSupport.stream(patch.path("parameters").spliterator(), false).map(p -> p.path("name").asText()))
                .contains("body", "dryRun", "fieldValidation");
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        for (String ref : refs) assertThat(doc.path("definitions").has(ref.substring("#/definitions/".length()))).as(ref).isTrue();
    }

    @Test
    void v2ProtobufDecodesAsGnosticDocument() {
        for (String accept : List.of(OpenApiEndpoints.PROTOBUF_V2_DEPRECATED, OpenApiEndpoints.PROTOBUF_V2)) {
            Answer a = ENDPOINTS.serve("/openapi/v2", null, accept).orElseThrow();
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.contentType()).isEqualTo(OpenApiEndpoints.PROTOBUF_V2);
            ProtoReader doc = new ProtoReader(a.body());
            assertThat(doc.string(1)).isEqualTo("2.0");
            assertThat(doc.message(2).string(1)).isEqualTo("Kubernetes");

            ProtoReader pod = doc.message(9).messages(1).stream().filter(n -> n.string(1).equals("io.k8s.api.core.v1.Pod"))
                    .findFirst().orElseThrow().message(2);
            assertThat(pod.message(22).strings(1)).containsExactly("object");
            ProtoReader gvk = pod.messages(31).stream().filter(e -> e.string(1).equals("x-kubernetes-group-version-kind"))
                    .findFirst().orElseThrow();
            assertThat(gvk.message(2).string(2)).contains("\"kind\":\"Pod\"");
            ProtoReader spec = pod.message(25).messages(1).stream().filter(n -> n.string(1).equals("spec")).findFirst().orElseThrow();
            assertThat(spec.message(2).string(1)).isEqualTo("#/definitions/io.k8s.api.core.v1.PodSpec");

            ProtoReader podSpec = doc.message(9).messages(1).stream().filter(n -> n.string(1).equals("io.k8s.api.core.v1.PodSpec"))
                    .findFirst().orElseThrow().message(2);
            ProtoReader containers = podSpec.message(25).messages(1).stream().filter(n -> n.string(1).equals("containers"))
                    .findFirst().orElseThrow().message(2);
            assertThat(containers.messages(31).stream().map(e -> e.string(1)))
                    .contains("x-kubernetes-patch-merge-key", "x-kubernetes-patch-strategy");
            assertThat(containers.message(23).message(1).string(1)).isEqualTo("#/definitions/io.k8s.api.core.v1.Container");

            ProtoReader item = doc.message(8).messages(2).stream().filter(n -> n.string(1).equals("/api/v1/namespaces/{namespace}/pods/{name}"))
                    .findFirst().orElseThrow().message(2);
            ProtoReader patch = item.message(8);
            assertThat(patch.string(5)).isEqualTo("patchCoreV1NamespacedPod");
            List<String> queryNames = patch.messages(8).stream().map(p -> p.message(1)).filter(p -> p.has(2))
                    .map(p -> p.message(2).message(3).string(4)).toList();
            assertThat(queryNames).contains("dryRun", "fieldValidation");
            assertThat(patch.messages(13).stream().map(e -> e.string(1))).contains("x-kubernetes-group-version-kind");
        }
    }

    private static void collectRefs(JsonNode node, List<String> into) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) into.add(e.getValue().asText());
                else collectRefs(e.getValue(), into);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, into));
        }
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

}
