package dev.beluga.kubelet.staticpod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
    static final String WEB = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1.27
            """;

    static ManifestReading read(String source, String text) {
        return ManifestParser.read(source, text.getBytes(StandardCharsets.UTF_8), "node-1");
    }

    static Pod only(ManifestReading r) {
        assertThat(r).isInstanceOf(ManifestReading.Pods.class);
        ManifestReading.Pods p = (ManifestReading.Pods) r;
        assertThat(p.rejected()).isEmpty();
        assertThat(p.accepted()).hasSize(1);
        return p.accepted().getFirst();
    }

    @Test
    void podIsNamedForTheNodeBoundDefaultedAndAnnotated() {
        Pod pod = only(read("/m/web.yaml", WEB));
        assertThat(pod.getMetadata().getName()).isEqualTo("web-node-1");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(pod.getSpec().getNodeName()).isEqualTo("node-1");
        assertThat(pod.getMetadata().getUid()).matches("[0-9a-f]{32}");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(StaticPods.CONFIG_HASH, pod.getMetadata().getUid())
                .containsEntry(StaticPods.CONFIG_SOURCE, "file").doesNotContainKey(StaticPods.CONFIG_MIRROR);
        assertThat(pod.getSpec().getTolerations()).anySatisfy(t -> {
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getEffect()).isEqualTo("NoExecute");
            assertThat(t.getKey()).isNull();
        });
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        // The API server's defaults.
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Always");
        assertThat(pod.getSpec().getContainers().getFirst().getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(StaticPods.isStatic(pod)).isTrue();
    }

    @Test
    void uidFollowsContentNodeAndFile() {
        String uid = only(read("/m/web.yaml", WEB)).getMetadata().getUid();
        assertThat(only(read("/m/web.yaml", WEB)).getMetadata().getUid()).isEqualTo(uid);
        assertThat(only(read("/m/web.yaml", WEB.replace("nginx:1.27", "nginx:1.28"))).getMetadata().getUid()).isNotEqualTo(uid);
        assertThat(only(read("/m/other.yaml", WEB)).getMetadata().getUid()).isNotEqualTo(uid);
        assertThat(only(ManifestParser.read("/m/web.yaml", WEB.getBytes(StandardCharsets.UTF_8), "node-2")).getMetadata().getUid()).isNotEqualTo(uid);
    }

    @Test
    void namespaceFromTheFileAndJsonAndLists() {
        Pod inKs = only(read("/m/a.json", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","namespace":"kube-system"},"spec":{"containers":[{"name":"c","image":"i"}]}}"""));
        assertThat(inKs.getMetadata().getNamespace()).isEqualTo("kube-system");

        ManifestReading list = read("/m/l.yaml", """
                apiVersion: v1
                kind: List
                items:
                - {apiVersion: v1, kind: Pod, metadata: {name: one}, spec: {containers: [{name: c, image: i}]}}
                - {apiVersion: v1, kind: Pod, metadata: {name: two}, spec: {containers: [{name: c, image: i}]}}
                """);
        assertThat(((ManifestReading.Pods) list).accepted()).extracting(p -> p.getMetadata().getName()).containsExactly("one-node-1", "two-node-1");
    }

    @Test
    void invalidPodsAreRejectedWithUpstreamsMessageAndBadFilesUnreadable() {
        ManifestReading r = read("/m/bad.yaml", WEB.replace("image: nginx:1.27", "image: ''"));
        ManifestReading.Pods pods = (ManifestReading.Pods) r;
        assertThat(pods.accepted()).isEmpty();
        assertThat(pods.rejected()).singleElement().satisfies(rej -> assertThat(rej.message())
                .startsWith("Error validating pod web-node-1_default(")
                .endsWith(") from file, ignoring: spec.containers[0].image: Required value"));

        assertThat(read("/m/x.yaml", "kind: Deployment\napiVersion: v1\n")).isInstanceOf(ManifestReading.Unreadable.class);
        assertThat(read("/m/x.yaml", "a: [unclosed")).isInstanceOf(ManifestReading.Unreadable.class);
        assertThat(read("/m/x.yaml", "- just\n- a list\n")).isInstanceOf(ManifestReading.Unreadable.class);
    }

    @Test
    void folderSetRejectsDuplicateNamesAndKeepsFirstSeen() {
        List<ManifestReading> readings = List.of(read("/m/a.yaml", WEB), read("/m/b.yaml", WEB.replace("app: web", "app: other")));
        StaticPodSet set = StaticPodSet.of(readings, Map.of(), Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(set.pods()).hasSize(1);
        Pod kept = set.pods().values().iterator().next();
        assertThat(kept.getMetadata().getLabels()).containsEntry("app", "web");
        assertThat(kept.getMetadata().getAnnotations()).containsEntry(StaticPods.CONFIG_SEEN, "2026-01-01T00:00:00Z");
        assertThat(set.rejected()).singleElement().satisfies(rej -> assertThat(rej.message()).contains("due to duplicate pod name \"web-node-1\""));

        StaticPodSet later = StaticPodSet.of(List.of(read("/m/a.yaml", WEB)), set.seen(), Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(later.pods().values().iterator().next().getMetadata().getAnnotations()).containsEntry(StaticPods.CONFIG_SEEN, "2026-01-01T00:00:00Z");
    }
}
