package dev.beluga.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class DiscoveryEndpointsTest {
    private static final String KUBECTL_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    private final ResourceRegistry registry = new ResourceRegistry();
    private final DiscoveryEndpoints endpoints = new DiscoveryEndpoints(registry, "10.0.0.1:6443");

    private JsonNode get(String path, String accept) throws IOException {
        Answer a = endpoints.serve(path, accept).orElseThrow();
        assertThat(a.status()).as(path).isEqualTo(200);
        return Json.MAPPER.readTree(a.body());
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static List<String> texts(JsonNode array) {
        return list(array).stream().map(JsonNode::asText).toList();
    }

    @Test
    void apiVersionsNameV1AndTheServerAddress() throws IOException {
        JsonNode doc = get("/api", "application/json");
        assertThat(doc.path("kind").asText()).isEqualTo("APIVersions");
        assertThat(texts(doc.path("versions"))).containsExactly("v1");
        assertThat(doc.path("serverAddressByClientCIDRs").get(0).path("serverAddress").asText()).isEqualTo("10.0.0.1:6443");
    }

    @Test
    void legacyResourceListsHoldEveryRegistryResourceWithScopeVerbsAndShortNames() throws IOException {
        for (ResourceType t : registry.all()) {
            String path = t.group().isEmpty() ? "/api/" + t.version() : "/apis/" + t.group() + "/" + t.version();
            JsonNode doc = get(path, "application/json");
            assertThat(doc.path("kind").asText()).isEqualTo("APIResourceList");
            assertThat(doc.path("groupVersion").asText()).isEqualTo(t.apiVersion());
            JsonNode r = list(doc.path("resources")).stream().filter(n -> n.path("name").asText().equals(t.resource())).findFirst().orElseThrow();
            assertThat(r.path("kind").asText()).isEqualTo(t.kind());
            assertThat(r.path("singularName").asText()).isEqualTo(t.singular());
            assertThat(r.path("namespaced").asBoolean()).isEqualTo(t.namespaced());
            assertThat(texts(r.path("verbs"))).containsExactlyElementsOf(t.verbs());
            assertThat(texts(r.path("shortNames"))).containsExactlyElementsOf(t.shortNames());
            assertThat(texts(r.path("categories"))).containsExactlyElementsOf(t.categories());
            assertThat(r.path("storageVersionHash").asText()).isNotEmpty();
            for (String sub : t.subresources()) {
                assertThat(list(doc.path("resources"))).as(t.resource() + "/" + sub)
                        .anyMatch(n -> n.path("name").asText().equals(t.resource() + "/" + sub));
            }
        }
    }

    @Test
    void subresourcesNameTheirKindsAsUpstream() throws IOException {
        JsonNode core = get("/api/v1", null);
        JsonNode eviction = find(core, "pods/eviction");
        assertThat(eviction.path("group").asText()).isEqualTo("policy");
        assertThat(eviction.path("kind").asText()).isEqualTo("Eviction");
        assertThat(texts(eviction.path("verbs"))).containsExactly("create");
        assertThat(find(core, "pods/exec").path("kind").asText()).isEqualTo("PodExecOptions");
        assertThat(texts(find(core, "pods/status").path("verbs"))).containsExactly("get", "patch", "update");
        assertThat(texts(find(core, "namespaces/finalize").path("verbs"))).containsExactly("update");
        assertThat(find(core, "pods/binding").path("kind").asText()).isEqualTo("Binding");
        assertThat(find(core, "pods/status").has("group")).isFalse();

        JsonNode scale = find(get("/apis/apps/v1", null), "deployments/scale");
        assertThat(scale.path("group").asText()).isEqualTo("autoscaling");
        assertThat(scale.path("version").asText()).isEqualTo("v1");
        assertThat(scale.path("kind").asText()).isEqualTo("Scale");
    }

    @Test
    void storageVersionHashIsUpstreams() {
        assertThat(StorageVersionHash.of(ResourceRegistry.PODS)).isEqualTo("xPOwRZ+Yhw8=");
    }

    private static JsonNode find(JsonNode list, String name) {
        return list(list.path("resources")).stream().filter(n -> n.path("name").asText().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void groupListAndGroupsExcludeCoreAndPreferTheirVersion() throws IOException {
        JsonNode groups = get("/apis", "application/json");
        assertThat(groups.path("kind").asText()).isEqualTo("APIGroupList");
        assertThat(list(groups.path("groups")).stream().map(g -> g.path("name").asText()))
                .containsExactly("apps", "coordination.k8s.io", "events.k8s.io");
        JsonNode apps = get("/apis/apps", "application/json");
        assertThat(apps.path("kind").asText()).isEqualTo("APIGroup");
        assertThat(apps.path("preferredVersion").path("groupVersion").asText()).isEqualTo("apps/v1");
    }

    @Test
    void aggregatedDiscoveryAnswersInTheVersionAskedWithItsContentType() throws IOException {
        Answer v2 = endpoints.serve("/apis", KUBECTL_ACCEPT).orElseThrow();
        assertThat(v2.contentType()).isEqualTo("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        JsonNode doc = Json.MAPPER.readTree(v2.body());
        assertThat(doc.path("kind").asText()).isEqualTo("APIGroupDiscoveryList");
        assertThat(doc.path("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2");

        Answer beta = endpoints.serve("/api", "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json")
                .orElseThrow();
        assertThat(beta.contentType()).isEqualTo("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
        assertThat(Json.MAPPER.readTree(beta.body()).path("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2beta1");

        assertThat(endpoints.serve("/apis", "application/json").orElseThrow().contentType()).isEqualTo("application/json");
    }

    @Test
    void aggregatedDiscoveryHoldsEveryResourceWithSubresources() throws IOException {
        List<JsonNode> resources = new ArrayList<>();
        for (String path : List.of("/api", "/apis")) {
            JsonNode doc = get(path, KUBECTL_ACCEPT);
            for (JsonNode group : doc.path("items")) {
                for (JsonNode version : group.path("versions")) {
                    assertThat(version.path("freshness").asText()).isEqualTo("Current");
                    version.path("resources").forEach(resources::add);
                }
            }
        }
        for (ResourceType t : registry.all()) {
            JsonNode r = resources.stream()
                    .filter(n -> n.path("resource").asText().equals(t.resource())
                            && n.path("responseKind").path("group").asText().equals(t.group()))
                    .findFirst().orElseThrow();
            assertThat(r.path("responseKind").path("kind").asText()).isEqualTo(t.kind());
            assertThat(r.path("scope").asText()).isEqualTo(t.namespaced() ? "Namespaced" : "Cluster");
            assertThat(texts(r.path("verbs"))).containsExactlyElementsOf(t.verbs());
            assertThat(texts(r.path("shortNames"))).containsExactlyElementsOf(t.shortNames());
            assertThat(texts(r.path("categories"))).containsExactlyElementsOf(t.categories());
            assertThat(list(r.path("subresources")).stream().map(s -> s.path("subresource").asText()))
                    .containsExactlyInAnyOrderElementsOf(t.subresources());
        }
        JsonNode deployments = resources.stream().filter(n -> n.path("resource").asText().equals("deployments")).findFirst().orElseThrow();
        JsonNode scale = list(deployments.path("subresources")).stream()
                .filter(s -> s.path("subresource").asText().equals("scale")).findFirst().orElseThrow();
        assertThat(scale.path("responseKind").path("group").asText()).isEqualTo("autoscaling");
        assertThat(scale.path("responseKind").path("kind").asText()).isEqualTo("Scale");
    }

    @Test
    void unknownGroupsAndVersionsAre404StatusAndResourcePathsAreNotDiscovery() throws IOException {
        for (String path : List.of("/apis/nope", "/apis/apps/v7", "/api/v2")) {
            Answer a = endpoints.serve(path, "application/json").orElseThrow();
            assertThat(a.status()).isEqualTo(404);
            assertThat(a.contentType()).isEqualTo("application/json");
            JsonNode status = Json.MAPPER.readTree(a.body());
            assertThat(status.path("kind").asText()).isEqualTo("Status");
            assertThat(status.path("code").asInt()).isEqualTo(404);
        }
        assertThat(endpoints.serve("/api/v1/pods", "application/json")).isEqualTo(Optional.empty());
        assertThat(endpoints.serve("/apis/apps/v1/deployments", "application/json")).isEmpty();
        assertThat(endpoints.serve("/healthz", "application/json")).isEmpty();
        assertThat(endpoints.serve("/apis/apps/v1/", "application/json").orElseThrow().status()).isEqualTo(200);
    }

    @Test
    void negotiationSkipsUnknownAggregatedVersionsAndRefusedClauses() {
        assertThat(DiscoveryFormat.negotiate("application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json"))
                .isEqualTo(DiscoveryFormat.LEGACY);
        assertThat(DiscoveryFormat.negotiate("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;profile=nopeer"))
                .isEqualTo(DiscoveryFormat.AGGREGATED_V2);
        assertThat(DiscoveryFormat.negotiate(null)).isEqualTo(DiscoveryFormat.LEGACY);
    }

    @Test
    void answersCarryAnEtagThatConditionalRequestsMatch() {
        Answer a = endpoints.serve("/api/v1", "application/json").orElseThrow();
        assertThat(a.matches(a.headers().get("ETag"))).isTrue();
        assertThat(a.matches("\"other\"")).isFalse();
    }
}
