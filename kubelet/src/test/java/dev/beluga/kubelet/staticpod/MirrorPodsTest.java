package dev.beluga.kubelet.staticpod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MirrorPodsTest {
    static Pod staticPod(String image) {
        ManifestReading r = ManifestParser.read("/m/web.yaml", ManifestParserTest.WEB.replace("nginx:1.27", image).getBytes(StandardCharsets.UTF_8), "n1");
        return ((ManifestReading.Pods) r).accepted().getFirst();
    }

    static Pod apiCopy(Pod mirror, String uid) {
        return new PodBuilder(mirror).editMetadata().withUid(uid).endMetadata().build();
    }

    @Test
    void mirrorCarriesSpecHashAndNodeOwner() {
        Pod s = staticPod("nginx:1.27");
        Pod m = MirrorPods.mirrorOf(s, "n1", "node-uid");
        assertThat(m.getMetadata().getName()).isEqualTo(s.getMetadata().getName());
        assertThat(m.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(m.getMetadata().getUid()).isNull();
        assertThat(m.getSpec()).isEqualTo(s.getSpec());
        assertThat(m.getStatus()).isNull();
        assertThat(m.getMetadata().getAnnotations()).containsEntry(StaticPods.CONFIG_MIRROR, StaticPods.hash(s));
        assertThat(m.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Node");
            assertThat(o.getApiVersion()).isEqualTo("v1");
            assertThat(o.getName()).isEqualTo("n1");
            assertThat(o.getUid()).isEqualTo("node-uid");
            assertThat(o.getController()).isTrue();
        });
        assertThat(StaticPods.isMirror(m)).isTrue();
        assertThat(StaticPods.isMirror(s)).isFalse();
        // The static pod itself is untouched.
        assertThat(s.getMetadata().getAnnotations()).doesNotContainKey(StaticPods.CONFIG_MIRROR);
    }

    @Test
    void missingMirrorIsCreatedMatchingOneLeftAlone() {
        Pod s = staticPod("nginx:1.27");
        assertThat(MirrorPods.plan(List.of(s), List.of())).containsExactly(new MirrorAction.Create(s));
        Pod m = apiCopy(MirrorPods.mirrorOf(s, "n1", "u"), "m-uid");
        assertThat(MirrorPods.plan(List.of(s), List.of(m))).isEmpty();
    }

    @Test
    void staleDeletingAndOrphanMirrorsAreDeleted() {
        Pod old = staticPod("nginx:1.27");
        Pod edited = staticPod("nginx:1.28");
        Pod m = apiCopy(MirrorPods.mirrorOf(old, "n1", "u"), "m-uid");
        assertThat(MirrorPods.plan(List.of(edited), List.of(m))).singleElement().isInstanceOfSatisfying(MirrorAction.Delete.class, d -> {
            assertThat(d.name()).isEqualTo("web-n1");
            assertThat(d.uid()).isEqualTo("m-uid");
        });

        Pod deleting = new PodBuilder(m).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build();
        assertThat(MirrorPods.plan(List.of(old), List.of(deleting))).singleElement().isInstanceOf(MirrorAction.Delete.class);

        assertThat(MirrorPods.plan(List.of(), List.of(m))).singleElement().isInstanceOfSatisfying(MirrorAction.Delete.class,
                d -> assertThat(d.reason()).isEqualTo("its static pod is gone"));
    }
}
