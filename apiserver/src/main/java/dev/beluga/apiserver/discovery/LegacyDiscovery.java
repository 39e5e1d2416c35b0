package dev.beluga.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import java.util.List;

/**
 * The per-group-version discovery documents every client understands: APIVersions (/api),
 * APIGroupList (/apis), APIGroup (/apis/{g}) and APIResourceList (/api/v1, /apis/{g}/{v}).
 */
final class LegacyDiscovery {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ResourceRegistry registry;

    LegacyDiscovery(ResourceRegistry registry) {
        this.registry = registry;
    }

    ObjectNode versions(String serverAddress) {
        ObjectNode out = NODES.objectNode();
        out.put("kind", "APIVersions");
        ArrayNode versions = out.putArray("versions");
        registry.groupVersions().getOrDefault("", List.of()).forEach(versions::add);
        ObjectNode cidr = out.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", serverAddress);
        return out;
    }

    ObjectNode groupList() {
        ObjectNode out = NODES.objectNode();
        out.put("kind", "APIGroupList");
        out.put("apiVersion", "v1");
        ArrayNode groups = out.putArray("groups");
        registry.groupVersions().forEach((group, versions) -> {
            if (!group.isEmpty()) groups.add(group(group, versions, false));
        });
        return out;
    }

    ObjectNode group(String group, List<String> versions, boolean withTypeMeta) {
        ObjectNode out = NODES.objectNode();
        if (withTypeMeta) {
            out.put("kind", "APIGroup");
            out.put("apiVersion", "v1");
        }
        out.put("name", group);
        ArrayNode list = out.putArray("versions");
        for (String v : versions) list.add(groupVersion(group, v));
        // the first served version is the preferred one, as registry order puts it first
        out.set("preferredVersion", groupVersion(group, versions.getFirst()));
        return out;
    }

    private static ObjectNode groupVersion(String group, String version) {
        ObjectNode gv = NODES.objectNode();
        gv.put("groupVersion", group + "/" + version);
        gv.put("version", version);
        return gv;
    }

    ObjectNode resourceList(String group, String version) {
        ObjectNode out = NODES.objectNode();
        out.put("kind", "APIResourceList");
        out.put("apiVersion", "v1");
        out.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = out.putArray("resources");
        registry.inGroupVersion(group, version).stream()
                .map(DiscoveredResource::of)
                .sorted(DiscoveredResource.byName())
                .forEach(r -> {
                    resources.add(resource(r.type()));
                    for (SubresourceKind sub : r.subresources()) resources.add(subresource(r.type(), sub));
                });
        return out;
    }

    private static ObjectNode resource(ResourceType t) {
        ObjectNode out = NODES.objectNode();
        out.put("name", t.resource());
        out.put("singularName", t.singular());
        out.put("namespaced", t.namespaced());
        out.put("kind", t.kind());
        ArrayNode verbs = out.putArray("verbs");
        t.verbs().forEach(verbs::add);
        if (!t.shortNames().isEmpty()) {
            ArrayNode shortNames = out.putArray("shortNames");
            t.shortNames().forEach(shortNames::add);
        }
        if (!t.categories().isEmpty()) {
            ArrayNode categories = out.putArray("categories");
            t.categories().forEach(categories::add);
        }
        out.put("storageVersionHash", StorageVersionHash.of(t));
        return out;
    }

    private static ObjectNode subresource(ResourceType parent, SubresourceKind sub) {
        ObjectNode out = NODES.objectNode();
        out.put("name", parent.resource() + "/" + sub.name());
        // upstream serializes singularName without omitempty, so subresources carry ""
        out.put("singularName", "");
        out.put("namespaced", parent.namespaced());
        if (sub.foreignTo(parent)) {
            out.put("group", sub.group());
            out.put("version", sub.version());
        }
        out.put("kind", sub.kind());
        ArrayNode verbs = out.putArray("verbs");
        sub.verbs().forEach(verbs::add);
        return out;
    }
}
