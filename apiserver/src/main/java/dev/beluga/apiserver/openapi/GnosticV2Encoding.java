package dev.beluga.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import java.util.Map;

/**
 * The /openapi/v2 document as the protobuf message {@code openapi.v2.Document} of
 * github.com/google/gnostic (OpenAPIv2.proto), which kubectl 1.20 asks for with
 * {@code Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf} and unmarshals for
 * validation, explain and apply.
 *
 * <p>Encoded by hand from the JSON tree rather than with protoc-generated classes: only a dozen of
 * gnostic's messages occur in Beluga's document, the field numbers below are the whole contract, and
 * this keeps a native protoc download and a generated-code dependency out of the build. Vendor
 * extensions travel as gnostic's {@code Any.yaml}; JSON text is valid YAML, which is what kube-openapi
 * parses them with.
 */
final class GnosticV2Encoding {
    private GnosticV2Encoding() {}

    static byte[] encode(JsonNode document) {
        ProtoWriter doc = new ProtoWriter()
                .string(1, document.path("swagger").asText())
                .message(2, new ProtoWriter()
                        .string(1, document.path("info").path("title").asText())
                        .string(2, document.path("info").path("version").asText()));
        ProtoWriter paths = new ProtoWriter();
        for (Map.Entry<String, JsonNode> p : fields(document.path("paths"))) {
            paths.message(2, new ProtoWriter().string(1, p.getKey()).message(2, pathItem(p.getValue())));
        }
        doc.message(8, paths);
        ProtoWriter definitions = new ProtoWriter();
        for (Map.Entry<String, JsonNode> d : fields(document.path("definitions"))) {
            definitions.message(1, namedSchema(d.getKey(), d.getValue()));
        }
        doc.message(9, definitions);
        return doc.toByteArray();
    }

    /** PathItem: get 2, put 3, post 4, delete 5, patch 8, parameters 9, vendor_extension 10. */
    private static ProtoWriter pathItem(JsonNode item) {
        ProtoWriter out = new ProtoWriter();
        int[] numbers = {2, 3, 4, 5, 8};
        String[] methods = {"get", "put", "post", "delete", "patch"};
        for (int i = 0; i < methods.length; i++) {
            if (item.has(methods[i])) out.message(numbers[i], operation(item.get(methods[i])));
        }
        for (JsonNode param : item.path("parameters")) out.message(9, parametersItem(param));
        return out;
    }

    /** Operation: tags 1, operation_id 5, produces 6, consumes 7, parameters 8, responses 9, schemes 10, vendor_extension 13. */
    private static ProtoWriter operation(JsonNode op) {
        ProtoWriter out = new ProtoWriter();
        for (JsonNode tag : op.path("tags")) out.string(1, tag.asText());
        out.string(3, op.path("description").asText());
        out.string(5, op.path("operationId").asText());
        for (JsonNode t : op.path("produces")) out.string(6, t.asText());
        for (JsonNode t : op.path("consumes")) out.string(7, t.asText());
        for (JsonNode param : op.path("parameters")) out.message(8, parametersItem(param));
        ProtoWriter responses = new ProtoWriter();
        for (Map.Entry<String, JsonNode> r : fields(op.path("responses"))) {
            // NamedResponseValue{name 1, value 2: ResponseValue{response 1: Response{description 1, schema 2: SchemaItem{schema 1}}}}
            ProtoWriter response = new ProtoWriter().string(1, r.getValue().path("description").asText());
            if (r.getValue().has("schema")) response.message(2, new ProtoWriter().message(1, schema(r.getValue().get("schema"))));
            responses.message(1, new ProtoWriter().string(1, r.getKey()).message(2, new ProtoWriter().message(1, response)));
        }
        out.message(9, responses);
        for (JsonNode s : op.path("schemes")) out.string(10, s.asText());
        vendorExtensions(op, out, 13);
        return out;
    }

    /**
     * ParametersItem{parameter 1: Parameter{body_parameter 1 | non_body_parameter 2}}. Body:
     * description 1, name 2, in 3, required 4, schema 5. NonBodyParameter{query 3 | path 4}; query
     * sub-schema: required 1, in 2, description 3, name 4, type 6, format 7, unique_items 20; path
     * sub-schema: required 1, in 2, description 3, name 4, type 5, format 6, unique_items 19.
     */
    private static ProtoWriter parametersItem(JsonNode p) {
        String in = p.path("in").asText();
        ProtoWriter parameter = new ProtoWriter();
        if (in.equals("body")) {
            parameter.message(1, new ProtoWriter()
                    .string(1, p.path("description").asText())
                    .string(2, p.path("name").asText())
                    .string(3, in)
                    .bool(4, p.path("required").asBoolean())
                    .message(5, schema(p.path("schema"))));
        } else {
            boolean path = in.equals("path");
            ProtoWriter sub = new ProtoWriter()
                    .bool(1, p.path("required").asBoolean())
                    .string(2, in)
                    .string(3, p.path("description").asText())
                    .string(4, p.path("name").asText())
                    .string(path ? 5 : 6, p.path("type").asText())
                    .string(path ? 6 : 7, p.path("format").asText())
                    .bool(path ? 19 : 20, p.path("uniqueItems").asBoolean());
            parameter.message(2, new ProtoWriter().message(path ? 4 : 3, sub));
        }
        return new ProtoWriter().message(1, parameter);
    }

    private static ProtoWriter namedSchema(String name, JsonNode schema) {
        return new ProtoWriter().string(1, name).message(2, schema(schema));
    }

    /**
     * Schema: _ref 1, format 2, title 3, description 4, unique_items 16, required 19,
     * additional_properties 21 (AdditionalPropertiesItem{schema 1}), type 22 (TypeItem{value 1}),
     * items 23 (ItemsItem{schema 1}), all_of 24, properties 25 (Properties{additional_properties 1}),
     * vendor_extension 31.
     */
    private static ProtoWriter schema(JsonNode s) {
        ProtoWriter out = new ProtoWriter()
                .string(1, s.path("$ref").asText())
                .string(2, s.path("format").asText())
                .string(4, s.path("description").asText())
                .bool(16, s.path("uniqueItems").asBoolean());
        for (JsonNode r : s.path("required")) out.string(19, r.asText());
        if (s.path("additionalProperties").isObject()) {
            out.message(21, new ProtoWriter().message(1, schema(s.get("additionalProperties"))));
        }
        if (s.has("type")) out.message(22, new ProtoWriter().string(1, s.get("type").asText()));
        if (s.has("items")) out.message(23, new ProtoWriter().message(1, schema(s.get("items"))));
        for (JsonNode a : s.path("allOf")) out.message(24, schema(a));
        if (s.has("properties")) {
            ProtoWriter properties = new ProtoWriter();
            for (Map.Entry<String, JsonNode> p : fields(s.get("properties"))) properties.message(1, namedSchema(p.getKey(), p.getValue()));
            out.message(25, properties);
        }
        vendorExtensions(s, out, 31);
        return out;
    }

    /** NamedAny{name 1, value 2: Any{yaml 2}} for every x- key. */
    private static void vendorExtensions(JsonNode node, ProtoWriter into, int field) {
        for (Map.Entry<String, JsonNode> e : fields(node)) {
            if (!e.getKey().startsWith("x-")) continue;
            into.message(field, new ProtoWriter().string(1, e.getKey()).message(2, new ProtoWriter().string(2, yaml(e.getValue()))));
        }
    }

    private static String yaml(JsonNode value) {
        try {
            return Json.MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return node.properties();
    }
}
