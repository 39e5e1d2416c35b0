package dev.beluga.controller.statefulset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.beluga.api.codec.Json;
import dev.beluga.api.patch.StrategicMergePatch;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a StatefulSet's ControllerRevision holds (upstream's getPatch and ApplyRevision): a strategic
 * merge patch that puts the set's pod template back, {@code {"spec":{"template":{...,"$patch":"replace"}}}}.
 * {@code kubectl rollout undo statefulset} sends exactly this data as a strategic merge patch, and
 * {@code rollout history --revision} applies it locally to print the template.
 *
 * <p>Data is kept in one canonical text, keys sorted at every level as Go's encoding/json writes
 * maps, so the same template always gives the same bytes, hash and name, and revisions compare by
 * that text however the stored copy decoded its numbers or ordered its keys.
 */
final class RevisionData {
    private static final ObjectMapper SORTED = Json.MAPPER.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private RevisionData() {}

    /** The canonical patch text for the set's current template. */
    static String patchOf(StatefulSet set) {
        @SuppressWarnings("unchecked")
        Map<String, Object> template = Json.MAPPER.convertValue(set.getSpec().getTemplate(), LinkedHashMap.class);
        if (template == null) template = new LinkedHashMap<>();
        template.put("$patch", "replace");
        return canonical(Map.of("spec", Map.of("template", template)));
    }

    /** Any JSON-shaped value (maps, trees, model objects) as its canonical text. */
    static String canonical(Object data) {
        try {
            return SORTED.writeValueAsString(Json.MAPPER.convertValue(data, Object.class));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The revision's data as a value for {@link ControllerRevision#setData}: a map in canonical key order. */
    static Object dataValue(String canonical) {
        try {
            return Json.MAPPER.readValue(canonical, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean sameData(ControllerRevision revision, String canonical) {
        return revision.getData() != null && canonical(revision.getData()).equals(canonical);
    }

    /** The set's pod template as the revision records it (upstream's ApplyRevision, template part). */
    static PodTemplateSpec templateOf(StatefulSet set, ControllerRevision revision) {
        JsonNode original = Json.MAPPER.valueToTree(set);
        JsonNode patch = Json.MAPPER.valueToTree(revision.getData());
        JsonNode patched = StrategicMergePatch.apply(original, patch, StatefulSet.class);
        try {
            StatefulSet restored = Json.MAPPER.treeToValue(patched, StatefulSet.class);
            return restored.getSpec() == null || restored.getSpec().getTemplate() == null ? new PodTemplateSpec() : restored.getSpec().getTemplate();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
