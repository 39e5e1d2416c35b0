package dev.beluga.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import java.util.List;
import java.util.Map;

/**
 * Aggregated discovery (apidiscovery.k8s.io v2 and v2beta1, whose JSON shapes are the same): the
 * core group for /api and every named group for /apis, each with all versions, resources and
 * subresources, so a client learns everything in two requests.
 */
final class AggregatedDiscovery {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ResourceRegistry registry;

    AggregatedDiscovery(ResourceRegistry registry) {
        this.registry = registry;
    }

    /** /api when {@code core}, else /apis. */
    ObjectNode groups(DiscoveryFormat format, boolean core) {
        ObjectNode out = NODES.objectNode();
        out.put("kind", "APIGroupDiscoveryList");
        out.put("apiVersion", format.apiVersion());
        out.putObject("metadata");
        ArrayNode items = out.putArray("items");
        for (Map.Entry<String, List<String>> g : registry.groupVersions().entrySet()) {
            if (g.getKey().isEmpty() == core) items.add(group(g.getKey(), g.getValue()));
        }
        return out;
    }

    private ObjectNode group(String group, List<String> versions) {
        ObjectNode out = NODES.objectNode();
        ObjectNode metadata = out.putObject("metadata");
        if (!group.isEmpty()) metadata.put("name", group);
        ArrayNode list = out.putArray("versions");
        for (String version : versions) {
            ObjectNode v = list.addObject();
            v.put("version", version);
            ArrayNode resources = v.putArray("resources");
            registry.inGroupVersion(group, version).stream()
                    .map(DiscoveredResource::of)
                    .sorted(DiscoveredResource.byName())
                    .forEach(r -> resources.add(resource(r)));
            v.put("freshness", "Current");
        }
        return out;
    }

    private static ObjectNode resource(DiscoveredResource r) {
        ResourceType t = r.type();
        ObjectNode out = NODES.objectNode();
        out.put("resource", t.resource());
        out.set("responseKind", kind(t.group(), t.version(), t.kind()));
        out.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
        out.put("singularResource", t.singular());
        strings(out, "verbs", t.verbs());
        if (!t.shortNames().isEmpty()) strings(out, "shortNames", t.shortNames());
        if (!t.categories().isEmpty()) strings(out, "categories", t.categories());
        if (!r.subresources().isEmpty()) {
            ArrayNode subs = out.putArray("subresources");
            for (SubresourceKind sub : r.subresources()) {
                ObjectNode s = subs.addObject();
                s.put("subresource", sub.name());
                s.set("responseKind", kind(sub.group(), sub.version(), sub.kind()));
                strings(s, "verbs", sub.verbs());
            }
        }
        return out;
    }

    private static ObjectNode kind(String group, String version, String kind) {
        ObjectNode k = NODES.objectNode();
        k.put("group", group);
        k.put("version", version);
        k.put("kind", kind);
        return k;
    }

    private static void strings(ObjectNode into, String field, List<String> values) {
        ArrayNode array = into.putArray(field);
        values.forEach(array::add);
    }
}
