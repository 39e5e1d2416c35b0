package dev.beluga.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI 3.0 documents of /openapi/v3/{api/v1 | apis/{g}/{v}}: one per group-version, each
 * holding that group-version's paths and only the schemas they reach, as upstream splits them.
 */
final class OpenApiV3Documents {
    /** What upstream reports when built without a release version stamped in. */
    static final String INFO_VERSION = "unversioned";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenApiV3Documents() {}

    /** Group-version path ("api/v1", "apis/apps/v1") → its document, in registry order. */
    static Map<String, ObjectNode> of(ResourceRegistry registry) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        registry.groupVersions().forEach((group, versions) -> {
            for (String version : versions) {
                String key = group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
                out.put(key, document(registry.inGroupVersion(group, version)));
            }
        });
        return out;
    }

    private static ObjectNode document(List<ResourceType> types) {
        ModelSchemas schemas = new ModelSchemas(SchemaDialect.V3);
        ObjectNode doc = NODES.objectNode();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", INFO_VERSION);
        Map<String, ObjectNode> paths = new TreeMap<>();
        for (ResourceType t : types) {
            for (ApiPath p : ResourcePaths.of(t)) paths.put(p.path(), pathItem(p, schemas));
        }
        doc.putObject("paths").setAll(paths);
        doc.putObject("components").putObject("schemas").setAll(schemas.definitions());
        return doc;
    }

    private static ObjectNode pathItem(ApiPath p, ModelSchemas schemas) {
        ObjectNode item = NODES.objectNode();
        for (ApiOperation op : p.operations()) item.set(op.method(), operation(op, p.tag(), schemas));
        ArrayNode params = item.putArray("parameters");
        for (String name : p.pathParameters()) {
            ObjectNode param = parameter(name, "path", "string");
            param.put("required", true);
            params.add(param);
        }
        params.add(parameter(QueryParameter.PRETTY.name(), "query", QueryParameter.PRETTY.type()));
        return item;
    }

    private static ObjectNode operation(ApiOperation op, String tag, ModelSchemas schemas) {
        ObjectNode out = NODES.objectNode();
        out.putArray("tags").add(tag);
        out.put("operationId", op.operationId());
        if (!op.query().isEmpty()) {
            ArrayNode params = out.putArray("parameters");
            // kubectl's QueryParamVerifierV3 finds fieldValidation among these, inline and "in": "query"
            op.query().stream().sorted(Comparator.comparing(QueryParameter::name))
                    .forEach(q -> params.add(parameter(q.name(), "query", q.type())));
        }
        op.body().ifPresent(body -> {
            ObjectNode requestBody = out.putObject("requestBody");
            ObjectNode content = requestBody.putObject("content");
            String name = schemas.define(body);
            for (String mediaType : op.consumes()) content.putObject(mediaType).set("schema", SchemaDialect.V3.ref(name));
            if (op.bodyRequired()) requestBody.put("required", true);
        });
        ObjectNode responses = out.putObject("responses");
        new TreeMap<>(op.responses()).forEach((code, type) -> {
            ObjectNode r = responses.putObject(code);
            r.put("description", ApiOperation.statusText(code));
            ObjectNode content = r.putObject("content");
            String name = schemas.define(type);
            for (String mediaType : ApiOperation.PRODUCES) content.putObject(mediaType).set("schema", SchemaDialect.V3.ref(name));
        });
        responses.putObject("401").put("description", ApiOperation.statusText("401"));
        out.put("x-kubernetes-action", op.action());
        out.set("x-kubernetes-group-version-kind", op.gvk().toJson());
        return out;
    }

    private static ObjectNode parameter(String name, String in, String type) {
        ObjectNode p = NODES.objectNode();
        p.put("name", name);
        p.put("in", in);
        ObjectNode schema = p.putObject("schema");
        schema.put("type", type);
        schema.put("uniqueItems", true);
        return p;
    }
}
