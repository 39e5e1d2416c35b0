package dev.beluga.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.kubelet.pod.ReferencedObjects;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFileBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumePayloadsTest {
    private static final ReferencedObjects OBJECTS = new ReferencedObjects(
            Map.of("cfg", new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata().withData(Map.of("a.conf", "A", "b.conf", "B"))
                    .withBinaryData(Map.of("blob", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}))).build()),
            Map.of("tls", new SecretBuilder().withNewMetadata().withName("tls").endMetadata()
                    .withData(Map.of("tls.key", Base64.getEncoder().encodeToString("KEY".getBytes(StandardCharsets.UTF_8)))).build()));

    private static FileProjection file(String text, int mode) {
        return new FileProjection(text.getBytes(StandardCharsets.UTF_8), mode);
    }

    private static Pod pod() {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("u-1")
                .withLabels(Map.of("app", "web", "tier", "front")).withAnnotations(Map.of("note", "say \"hi\"\n")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withNewResources().withLimits(Map.of("memory", new Quantity("64Mi"))).endResources()
                .endContainer().endSpec().build();
    }

    @Test
    void aConfigMapGivesEveryKeyOrTheItemsAskedFor() {
        assertThat(VolumePayloads.configMap("cfg", null, null, false, OBJECTS)).containsOnlyKeys("a.conf", "b.conf", "blob")
                .containsEntry("a.conf", file("A", 0644)).containsEntry("blob", new FileProjection(new byte[] {1, 2, 3}, 0644));
        assertThat(VolumePayloads.configMap("cfg", List.of(new KeyToPath("a.conf", 0400, "sub/dir/a")), 0600, false, OBJECTS))
                .containsExactly(Map.entry("sub/dir/a", file("A", 0400)));
        assertThat(VolumePayloads.configMap("cfg", List.of(new KeyToPath("b.conf", null, "b")), 0600, false, OBJECTS))
                .containsExactly(Map.entry("b", file("B", 0600)));
    }

    @Test
    void missingConfigMapsSecretsAndKeysAreUpstreamsErrorsUnlessOptional() {
        assertThatThrownBy(() -> VolumePayloads.configMap("nope", null, null, false, OBJECTS)).isInstanceOf(VolumeException.class)
                .hasMessage("configmap \"nope\" not found");
        assertThat(VolumePayloads.configMap("nope", null, null, true, OBJECTS)).isEmpty();
        assertThatThrownBy(() -> VolumePayloads.configMap("cfg", List.of(new KeyToPath("zz", null, "zz")), null, false, OBJECTS))
                .hasMessage("configmap references non-existent config key: zz");
        assertThat(VolumePayloads.configMap("cfg", List.of(new KeyToPath("zz", null, "zz")), null, true, OBJECTS)).isEmpty();
        assertThatThrownBy(() -> VolumePayloads.secret("nope", null, null, false, OBJECTS)).hasMessage("secret \"nope\" not found");
        assertThatThrownBy(() -> VolumePayloads.secret("tls", List.of(new KeyToPath("tls.crt", null, "c")), null, false, OBJECTS))
                .hasMessage("references non-existent secret key: tls.crt");
        assertThat(VolumePayloads.secret("tls", null, 0400, false, OBJECTS)).containsExactly(Map.entry("tls.key", file("KEY", 0400)));
    }

    @Test
    void theDownwardApiWritesMetadataAsUpstreamFormatsIt() {
        Map<String, FileProjection> files = VolumePayloads.downwardApi(pod(), List.of(
                new DownwardAPIVolumeFileBuilder().withPath("labels").withNewFieldRef().withFieldPath("metadata.labels").endFieldRef().build(),
                new DownwardAPIVolumeFileBuilder().withPath("annotations").withNewFieldRef().withFieldPath("metadata.annotations").endFieldRef().build(),
                new DownwardAPIVolumeFileBuilder().withPath("./name").withMode(0400).withNewFieldRef().withFieldPath("metadata.name").endFieldRef().build(),
                new DownwardAPIVolumeFileBuilder().withPath("tier").withNewFieldRef().withFieldPath("metadata.labels['tier']").endFieldRef().build(),
                new DownwardAPIVolumeFileBuilder().withPath("mem").withNewResourceFieldRef().withContainerName("app").withResource("limits.memory")
                        .withDivisor(new Quantity("1Mi")).endResourceFieldRef().build()), null, Map.of());
        assertThat(files).containsEntry("labels", file("app=\"web\"\ntier=\"front\"", 0644))
                .containsEntry("annotations", file("note=\"say \\\"hi\\\"\\n\"", 0644))
                .containsEntry("name", file("web", 0400)).containsEntry("tier", file("front", 0644)).containsEntry("mem", file("64", 0644));
        assertThatThrownBy(() -> VolumePayloads.downwardApi(pod(), List.of(
                new DownwardAPIVolumeFileBuilder().withPath("x").withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef().build()), null, Map.of()))
                .hasMessage("unsupported fieldPath: spec.nodeName");
    }

    @Test
    void aProjectedVolumeJoinsItsSourcesAndReportsAllTheirErrors() {
        List<VolumeProjection> sources = List.of(
                new VolumeProjectionBuilder().withNewConfigMap().withName("cfg").addNewItem().withKey("a.conf").withPath("a").endItem().endConfigMap().build(),
                new VolumeProjectionBuilder().withNewSecret().withName("tls").endSecret().build(),
                new VolumeProjectionBuilder().withNewDownwardAPI().addNewItem().withPath("ns").withNewFieldRef().withFieldPath("metadata.namespace")
                        .endFieldRef().endItem().endDownwardAPI().build());
        assertThat(VolumePayloads.projected(pod(), sources, 0440, OBJECTS, Map.of()))
                .containsOnlyKeys("a", "tls.key", "ns").containsEntry("a", file("A", 0440)).containsEntry("ns", file("ns", 0440));
        List<VolumeProjection> broken = List.of(
                new VolumeProjectionBuilder().withNewConfigMap().withName("gone").endConfigMap().build(),
                new VolumeProjectionBuilder().withNewServiceAccountToken().withPath("token").endServiceAccountToken().build());
        assertThatThrownBy(() -> VolumePayloads.projected(pod(), broken, null, OBJECTS, Map.of()))
                .hasMessage("[configmap \"gone\" not found, serviceAccountToken projections need the TokenRequest API, which this cluster does not serve]");
    }

    @Test
    void goQuotingAndPathCleaning() {
        assertThat(VolumePayloads.goQuote("a\tb\\c\u0001é")).isEqualTo("\"a\\tb\\\\c\\x01é\"");
        assertThat(VolumePayloads.clean("./a//b/../c")).isEqualTo("a/c");
    }
}
