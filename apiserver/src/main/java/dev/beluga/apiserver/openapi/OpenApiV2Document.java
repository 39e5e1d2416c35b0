package dev.beluga.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The Swagger 2.0 document of /openapi/v2: every path of every resource and every definition they use. */
final class OpenApiV2Document {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenApiV2Document() {}

    static ObjectNode of(ResourceRegistry registry) {
        ModelSchemas schemas = new ModelSchemas(SchemaDialect.V2);
        ObjectNode doc = NODES.objectNode();
        doc.put("swagger", "2.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", OpenApiV3Documents.INFO_VERSION);
        Map<String, ObjectNode> paths = new TreeMap<>();
        for (ResourceType t : registry.all()) {
            for (ApiPath p : ResourcePaths.of(t)) paths.put(p.path(), pathItem(p, schemas));
        }
        doc.putObject("paths").setAll(paths);
        doc.putObject("definitions").setAll(schemas.definitions());
        return doc;
    }

    private static ObjectNode pathItem(ApiPath p, ModelSchemas schemas) {
        ObjectNode item = NODES.objectNode();
        for (ApiOperation op : p.operations()) item.set(op.method(), operation(op, p.tag(), schemas));
        ArrayNode params = item.putArray("parameters");
        for (String name : p.pathParameters()) params.add(pathParameter(name));
        params.add(queryParameter(QueryParameter.PRETTY));
        return item;
    }

    private static ObjectNode operation(ApiOperation op, String tag, ModelSchemas schemas) {
        ObjectNode out = NODES.objectNode();
        strings(out, "consumes", op.consumes());
        out.put("operationId", op.operationId());
        ArrayNode params = out.putArray("parameters");
        op.body().ifPresent(body -> {
            ObjectNode b = params.addObject();
            b.put("in", "body");
            b.put("name", "body");
            if (op.bodyRequired()) b.put("required", true);
            b.set("schema", SchemaDialect.V2.ref(schemas.define(body)));
        });
        op.query().stream().sorted(Comparator.comparing(QueryParameter::name)).forEach(q -> params.add(queryParameter(q)));
        if (params.isEmpty()) out.remove("parameters");
        strings(out, "produces", ApiOperation.PRODUCES);
        ObjectNode responses = out.putObject("responses");
        new TreeMap<>(op.responses()).forEach((code, type) -> {
            ObjectNode r = responses.putObject(code);
            r.put("description", ApiOperation.statusText(code));
            r.set("schema", SchemaDialect.V2.ref(schemas.define(type)));
        });
        responses.putObject("401").put("description", ApiOperation.statusText("401"));
        strings(out, "schemes", List.of("https"));
        strings(out, "tags", List.of(tag));
        out.put("x-kubernetes-action", op.action());
        out.set("x-kubernetes-group-version-kind", op.gvk().toJson());
        return out;
    }

    private static ObjectNode pathParameter(String name) {
        ObjectNode p = NODES.objectNode();
        p.put("in", "path");
        p.put("name", name);
        p.put("required", true);
        p.put("type", "string");
        p.put("uniqueItems", true);
        return p;
    }

    private static ObjectNode queryParameter(QueryParameter q) {
        ObjectNode p = NODES.objectNode();
        p.put("in", "query");
        p.put("name", q.name());
        p.put("type", q.type());
        p.put("uniqueItems", true);
        return p;
    }

    private static void strings(ObjectNode into, String field, List<String> values) {
        ArrayNode array = into.putArray(field);
        values.forEach(array::add);
    }
}
