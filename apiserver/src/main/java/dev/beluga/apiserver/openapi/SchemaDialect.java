package dev.beluga.apiserver.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where OpenAPI v2 and v3 differ in the schemas Beluga publishes: the reference prefix, how a reference
 * carries sibling keywords, and the scalar unions (v3 spells them with oneOf, as upstream does).
 */
enum SchemaDialect {
    V2("#/definitions/"),
    V3("#/components/schemas/");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final String refPrefix;

    SchemaDialect(String refPrefix) {
        this.refPrefix = refPrefix;
    }

    ObjectNode ref(String schemaName) {
        ObjectNode ref = NODES.objectNode();
        ref.put("$ref", refPrefix + schemaName);
        return ref;
    }

    /**
     * A reference that also carries extensions. v2 consumers (kube-openapi's proto model) read
     * extensions next to $ref; in v3 siblings of $ref are ignored, so upstream wraps it in allOf.
     */
    ObjectNode refWithSiblings(String schemaName) {
        if (this == V2) return ref(schemaName);
        ObjectNode out = NODES.objectNode();
        out.putArray("allOf").add(ref(schemaName));
        return out;
    }

    ObjectNode quantity() {
        if (this == V2) return typed("string");
        ObjectNode out = NODES.objectNode();
        out.putArray("oneOf").add(typed("string")).add(typed("number"));
        return out;
    }

    ObjectNode intOrString() {
        ObjectNode out = NODES.objectNode();
        if (this == V2) {
            out.put("type", "string");
        } else {
            out.putArray("oneOf").add(typed("integer")).add(typed("string"));
        }
        out.put("format", "int-or-string");
        return out;
    }

    static ObjectNode typed(String type) {
        ObjectNode out = NODES.objectNode();
        out.put("type", type);
        return out;
    }
}
