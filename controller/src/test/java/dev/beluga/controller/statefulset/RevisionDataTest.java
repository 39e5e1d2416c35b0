package dev.beluga.controller.statefulset;

import static dev.beluga.controller.statefulset.StatefulSetFixtures.revision;
import static dev.beluga.controller.statefulset.StatefulSetFixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.patch.StrategicMergePatch;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionDataTest {

    @Test
    void dataIsTheTemplateAsAReplacingStrategicPatchWithSortedKeys() throws Exception {
        StatefulSet set = set(3, "nginx:1.25");
        String data = RevisionData.patchOf(set);
        assertThat(data).startsWith("{\"spec\":{\"template\":{\"$patch\":\"replace\",\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{");
        JsonNode tree = Json.MAPPER.readTree(data);
        assertThat(tree.size()).isEqualTo(1);
        assertThat(tree.get("spec").size()).isEqualTo(1);
        assertThat(tree.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.25");
        // nothing but the template: replicas, strategy and selector are not part of a revision
        assertThat(tree.at("/spec/replicas").isMissingNode()).isTrue();
    }

    @Test
    void canonicalTextIgnoresKeyOrderAndNumberTypes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("b", 1);
        a.put("a", Map.of("y", 2L, "x", "s"));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("a", Map.of("x", "s", "y", 2));
        b.put("b", 1L);
        assertThat(RevisionData.canonical(a)).isEqualTo(RevisionData.canonical(b)).isEqualTo("{\"a\":{\"x\":\"s\",\"y\":2},\"b\":1}");
    }

    @Test
    void sameTemplateSameDataDifferentTemplateDifferentData() {
        assertThat(RevisionData.patchOf(set(3, "nginx:1.25"))).isEqualTo(RevisionData.patchOf(set(5, "nginx:1.25")));
        assertThat(RevisionData.patchOf(set(3, "nginx:1.25"))).isNotEqualTo(RevisionData.patchOf(set(3, "nginx:1.26")));
    }

    @Test
    void storedDataRoundTripsThroughJsonUnchanged() throws Exception {
        ControllerRevision r = revision(set(1, "nginx:1.25"), 1);
        ControllerRevision stored = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(r), ControllerRevision.class);
        assertThat(RevisionData.sameData(stored, RevisionData.patchOf(set(1, "nginx:1.25")))).isTrue();
    }

    @Test
    void applyingARevisionRestoresItsTemplateOnly() {
        ControllerRevision old = revision(set(3, "nginx:1.25"), 1);
        StatefulSet now = set(7, "nginx:1.26");
        now.getSpec().getTemplate().getMetadata().getLabels().put("tier", "front");
        assertThat(RevisionData.templateOf(now, old)).isEqualTo(set(3, "nginx:1.25").getSpec().getTemplate());
    }

    @Test
    void kubectlRolloutUndoPatchRestoresTheTemplate() throws Exception {
        // kubectl's StatefulSetRollbacker sends the revision's data as a strategic merge patch of the set
        ControllerRevision old = revision(set(3, "nginx:1.25"), 1);
        StatefulSet now = set(3, "nginx:1.26");
        now.getSpec().getTemplate().getSpec().getContainers().getFirst().setCommand(java.util.List.of("sleep", "1"));
        JsonNode patch = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(old.getData()));
        JsonNode patched = StrategicMergePatch.apply(Json.MAPPER.valueToTree(now), patch, StatefulSet.class);
        StatefulSet undone = Json.MAPPER.treeToValue(patched, StatefulSet.class);
        assertThat(undone.getSpec().getTemplate()).isEqualTo(set(3, "nginx:1.25").getSpec().getTemplate());
        assertThat(undone.getSpec().getReplicas()).isEqualTo(3);
        // and the set's template now gives the old revision's data again: the controller renumbers, not copies
        assertThat(RevisionData.patchOf(undone)).isEqualTo(RevisionData.canonical(old.getData()));
    }
}
