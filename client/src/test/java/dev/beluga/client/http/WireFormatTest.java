package dev.beluga.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.client.ObjectList;
import dev.beluga.client.WatchHandler;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paths, list and watch decoding, and error answers: the transport's wire format without a server. */
class WireFormatTest {
    private static final String POD = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\",\"resourceVersion\":\"7\"}}";

    @Test
    void pathsAreUpstreams() {
        ResourceUrls urls = new ResourceUrls(URI.create("https://h:6443/"));
        assertThat(urls.collection(ResourceRegistry.PODS, "ns")).isEqualTo("https://h:6443/api/v1/namespaces/ns/pods");
        assertThat(urls.collection(ResourceRegistry.PODS, "")).isEqualTo("https://h:6443/api/v1/pods");
        assertThat(urls.object(ResourceRegistry.NODES, "", "n1")).isEqualTo("https://h:6443/api/v1/nodes/n1");
        assertThat(urls.subresource(ResourceRegistry.PODS, "ns", "p", "binding")).isEqualTo("https://h:6443/api/v1/namespaces/ns/pods/p/binding");
        assertThat(urls.object(ResourceRegistry.DEPLOYMENTS, "ns", "d")).isEqualTo("https://h:6443/apis/apps/v1/namespaces/ns/deployments/d");
        assertThat(urls.collection(ResourceRegistry.LEASES, "kube-node-lease"))
                .isEqualTo("https://h:6443/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases");
        assertThat(new ResourceUrls(URI.create("https://h/prefix")).collection(ResourceRegistry.NAMESPACES, "x"))
                .as("cluster-scoped kinds have no namespace segment").isEqualTo("https://h/prefix/api/v1/namespaces");
        assertThat(ResourceUrls.segment("system:node/x y")).isEqualTo("system:node%2Fx%20y");
    }

    @Test
    void queriesEncodeSelectorsAndLeaveOutEmptyValues() {
        String q = new ResourceUrls.Query().add("labelSelector", "app in (a, b),!x").add("fieldSelector", "").add("limit", 0)
                .add("continue", "abc=").toString();
        assertThat(q).isEqualTo("?labelSelector=app%20in%20%28a%2C%20b%29%2C%21x&continue=abc%3D");
        assertThat(new ResourceUrls.Query().add("x", "").toString()).isEmpty();
    }

    @Test
    void listsDecodeItemsAndMetadata() throws IOException {
        String body = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"12\",\"continue\":\"tok\"},"
                + "\"items\":[" + POD + "," + POD.replace("\"p\"", "\"q\"") + "],\"extra\":{\"a\":[1,2]}}";
        ObjectList<Pod> list = ListReader.read(body.getBytes(StandardCharsets.UTF_8), Pod.class);
        assertThat(list.items()).extracting(p -> p.getMetadata().getName()).containsExactly("p", "q");
        assertThat(list.resourceVersion()).isEqualTo("12");
        assertThat(list.continueToken()).isEqualTo("tok");

        ObjectList<Pod> empty = ListReader.read("{\"items\":null,\"metadata\":{\"resourceVersion\":\"3\"}}".getBytes(StandardCharsets.UTF_8), Pod.class);
        assertThat(empty.items()).isEmpty();
        assertThat(empty.continueToken()).isEmpty();
        assertThatThrownBy(() -> ListReader.read("[]".getBytes(StandardCharsets.UTF_8), Pod.class)).isInstanceOf(IOException.class);
    }

    @Test
    void watchEventsOfEveryType() throws IOException {
        String stream = "{\"type\":\"ADDED\",\"object\":" + POD + "}\n"
                + "{\"object\":" + POD.replace("\"7\"", "\"8\"") + ",\"type\":\"MODIFIED\"}\n"
                + "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"9\"}}}\n"
                + "{\"type\":\"SOMETHING\",\"object\":{\"a\":[1]}}\n"
                + "{\"type\":\"DELETED\",\"object\":" + POD + "}"
                + "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":410,\"reason\":\"Expired\",\"message\":\"too old\"}}\n";
        List<WatchLine<Pod>> lines = new ArrayList<>();
        try (JsonParser p = Json.MAPPER.createParser(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)))) {
            while (p.nextToken() != null) lines.add(WatchLine.read(p, Pod.class));
        }
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).isInstanceOfSatisfying(WatchLine.Change.class, c -> {
            assertThat(c.type()).isEqualTo(WatchHandler.EventType.ADDED);
            assertThat(((Pod) c.object()).getMetadata().getResourceVersion()).isEqualTo("7");
        });
        assertThat(lines.get(1)).as("object before type").isInstanceOfSatisfying(WatchLine.Change.class, c -> {
            assertThat(c.type()).isEqualTo(WatchHandler.EventType.MODIFIED);
            assertThat(((Pod) c.object()).getMetadata().getResourceVersion()).isEqualTo("8");
        });
        assertThat(lines.get(2)).isEqualTo(new WatchLine.Bookmark<Pod>("9"));
        assertThat(lines.get(3)).isEqualTo(new WatchLine.Unrecognized<Pod>("SOMETHING"));
        assertThat(lines.get(4)).isInstanceOfSatisfying(WatchLine.Change.class, c -> assertThat(c.type()).isEqualTo(WatchHandler.EventType.DELETED));
        assertThat(lines.get(5)).isInstanceOfSatisfying(WatchLine.Failure.class, f -> {
            assertThat(f.status().getCode()).isEqualTo(410);
            assertThat(f.status().getReason()).isEqualTo("Expired");
        });
    }

    @Test
    void aWatchEventWithoutATypeIsRejected() throws IOException {
        try (JsonParser p = Json.MAPPER.createParser("{\"object\":{}}")) {
            p.nextToken();
            assertThatThrownBy(() -> WatchLine.read(p, Pod.class)).isInstanceOf(IOException.class).hasMessageContaining("without a type");
        }
    }

    @Test
    void errorAnswersKeepTheServersStatusOrAreMadeUpFromTheCode() {
        byte[] status = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":409,\"reason\":\"AlreadyExists\",\"message\":\"pods \\\"p\\\" already exists\"}"
                .getBytes(StandardCharsets.UTF_8);
        StatusException known = ErrorResponses.of(409, status);
        assertThat(known.code()).isEqualTo(409);
        assertThat(known.reason()).isEqualTo("AlreadyExists");
        assertThat(known.getMessage()).isEqualTo("pods \"p\" already exists");

        StatusException proxy = ErrorResponses.of(502, "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8));
        assertThat(proxy.code()).isEqualTo(502);
        assertThat(proxy.reason()).isEqualTo("Unknown");
        assertThat(proxy.getMessage()).contains("HTTP 502").contains("Bad Gateway");

        StatusException bare = ErrorResponses.of(503, new byte[0]);
        assertThat(bare.reason()).isEqualTo("ServiceUnavailable");
        StatusException notStatus = ErrorResponses.of(404, "{\"kind\":\"Pod\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(notStatus.reason()).isEqualTo("NotFound");
    }
}
