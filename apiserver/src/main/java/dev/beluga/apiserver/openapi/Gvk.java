package dev.beluga.apiserver.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A group, version and kind, as the x-kubernetes-group-version-kind extension writes it. */
record Gvk(String group, String version, String kind) {
    ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("group", group);
        out.put("kind", kind);
        out.put("version", version);
        return out;
    }
}
