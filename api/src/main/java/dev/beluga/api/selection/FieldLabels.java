package dev.beluga.api.selection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The field labels one resource can be selected by, and how each is read from an object tree: the
 * facts of upstream's field label conversion functions and GetAttrs/ToSelectableFields. Absent values
 * read as "" and booleans and counts as their Go formatting ("false", "0"), as upstream's fields.Set.
 *
 * @param labels    supported label → value extractor
 * @param aliases   legacy label → label it stands for (pods' {@code spec.host})
 * @param dedicated whether the resource has its own conversion function (message
 *                  {@code field label not supported: x}) rather than upstream's default one
 */
record FieldLabels(Map<String, Function<JsonNode, String>> labels, Map<String, String> aliases, boolean dedicated) {

    /** The label a selector term names, after aliases; a 400 when the resource does not support it. */
    String resolve(String label) {
        String resolved = aliases.getOrDefault(label, label);
        if (labels.containsKey(resolved)) return resolved;
        if (dedicated) throw StatusException.badRequest("field label not supported: " + label);
        throw StatusException.badRequest("\"" + label + "\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    String read(String label, JsonNode object) {
        return labels.get(label).apply(object);
    }

    static FieldLabels of(ResourceType type) {
        return switch (type.qualifiedResource()) {
            case "pods" -> pods();
            case "nodes" -> dedicated(Map.of("spec.unschedulable", bool("spec", "unschedulable")), false);
            case "namespaces" -> dedicated(Map.of("status.phase", text("status", "phase")), false);
            case "events" -> dedicated(coreEventLabels(), true);
            case "events.events.k8s.io" -> dedicated(eventsV1Labels(), true);
            case "secrets" -> dedicated(Map.of("type", text("type")), true);
            case "replicasets.apps", "replicationcontrollers" -> dedicated(Map.of("status.replicas", count("status", "replicas")), true);
            case "statefulsets.apps" -> dedicated(Map.of("status.successful", object -> ""), true);
            default -> new FieldLabels(objectMeta(true), Map.of(), false);
        };
    }

    private static FieldLabels pods() {
        Map<String, Function<JsonNode, String>> labels = new LinkedHashMap<>();
        labels.put("spec.nodeName", text("spec", "nodeName"));
        labels.put("spec.restartPolicy", text("spec", "restartPolicy"));
        labels.put("spec.schedulerName", text("spec", "schedulerName"));
        labels.put("spec.serviceAccountName", text("spec", "serviceAccountName"));
        labels.put("spec.hostNetwork", bool("spec", "hostNetwork"));
        labels.put("status.phase", text("status", "phase"));
        // Upstream reads the first of status.podIPs, which the kubelet keeps equal to status.podIP.
        labels.put("status.podIP", object -> {
            JsonNode first = object.path("status").path("podIPs").path(0).path("ip");
            return first.isTextual() ? first.asText() : object.path("status").path("podIP").asText("");
        });
        labels.put("status.nominatedNodeName", text("status", "nominatedNodeName"));
        labels.putAll(objectMeta(true));
        return new FieldLabels(Map.copyOf(labels), Map.of("spec.host", "spec.nodeName"), true);
    }

    private static Map<String, Function<JsonNode, String>> coreEventLabels() {
        Map<String, Function<JsonNode, String>> labels = new LinkedHashMap<>();
        for (String f : new String[] {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"}) {
            labels.put("involvedObject." + f, text("involvedObject", f));
        }
        labels.put("reason", text("reason"));
        labels.put("reportingComponent", text("reportingComponent"));
        labels.put("source", text("source", "component"));
        labels.put("type", text("type"));
        return labels;
    }

    /**
     * events.k8s.io events are a view of the same stored events, so they are selected by the core
     * labels; here each is read from where the events.k8s.io shape keeps it.
     */
    private static Map<String, Function<JsonNode, String>> eventsV1Labels() {
        Map<String, Function<JsonNode, String>> labels = new LinkedHashMap<>();
        for (String f : new String[] {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"}) {
            labels.put("involvedObject." + f, text("regarding", f));
        }
        labels.put("reason", text("reason"));
        labels.put("reportingComponent", text("reportingController"));
        labels.put("source", text("deprecatedSource", "component"));
        labels.put("type", text("type"));
        return labels;
    }

    private static FieldLabels dedicated(Map<String, Function<JsonNode, String>> own, boolean namespaced) {
        Map<String, Function<JsonNode, String>> labels = new LinkedHashMap<>(own);
        labels.putAll(objectMeta(namespaced));
        return new FieldLabels(Map.copyOf(labels), Map.of(), true);
    }

    private static Map<String, Function<JsonNode, String>> objectMeta(boolean withNamespace) {
        Map<String, Function<JsonNode, String>> labels = new LinkedHashMap<>();
        labels.put("metadata.name", text("metadata", "name"));
        if (withNamespace) labels.put("metadata.namespace", text("metadata", "namespace"));
        return labels;
    }

    private static Function<JsonNode, String> text(String... path) {
        return object -> at(object, path).map(JsonNode::asText).orElse("");
    }

    private static Function<JsonNode, String> bool(String... path) {
        return object -> at(object, path).map(v -> String.valueOf(v.asBoolean())).orElse("false");
    }

    private static Function<JsonNode, String> count(String... path) {
        return object -> at(object, path).map(v -> String.valueOf(v.asLong())).orElse("0");
    }

    private static Optional<JsonNode> at(JsonNode object, String... path) {
        JsonNode n = object;
        for (String p : path) {
            n = n.path(p);
        }
        return n.isValueNode() ? Optional.of(n) : Optional.empty();
    }
}
