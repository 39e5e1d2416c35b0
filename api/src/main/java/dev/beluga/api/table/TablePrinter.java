package dev.beluga.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.resources.ResourceType;
import java.time.Instant;
import java.util.List;

/**
 * Server-side printing ({@code Accept: application/json;as=Table;g=meta.k8s.io;v=v1}): objects become a
 * meta.k8s.io/v1 Table with upstream's columns for each resource. Cells always include the wide
 * (priority 1) columns; kubectl shows them only with {@code -o wide}.
 */
public final class TablePrinter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TablePrinter() {}

    /**
     * A whole Table. Its {@code metadata} is empty; the caller adds the list's resourceVersion and
     * continue token.
     */
    public static ObjectNode table(ResourceType type, List<JsonNode> objects, Instant now, IncludeObject include) {
        ObjectNode table = NODES.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata");
        table.set("columnDefinitions", columnDefinitions(type));
        table.set("rows", rows(type, objects, now, include));
        return table;
    }

    /**
     * A Table without column definitions, as watch events carry after the first one (kubectl sends
     * them only once per watch).
     */
    public static ObjectNode rowsOnly(ResourceType type, List<JsonNode> objects, Instant now, IncludeObject include) {
        ObjectNode table = table(type, objects, now, include);
        table.set("columnDefinitions", NODES.arrayNode());
        return table;
    }

    /** The column definitions of a resource's Table. */
    public static ArrayNode columnDefinitions(ResourceType type) {
        ArrayNode defs = NODES.arrayNode();
        for (Column c : ResourcePrinters.of(type).columns()) defs.add(c.toJson());
        return defs;
    }

    /** One row per object. */
    public static ArrayNode rows(ResourceType type, List<JsonNode> objects, Instant now, IncludeObject include) {
        ResourcePrinter printer = ResourcePrinters.of(type);
        ArrayNode rows = NODES.arrayNode();
        for (JsonNode o : objects) rows.add(row(printer, o, now, include));
        return rows;
    }

    private static ObjectNode row(ResourcePrinter printer, JsonNode object, Instant now, IncludeObject include) {
        ObjectNode row = NODES.objectNode();
        ArrayNode cells = row.putArray("cells");
        for (Object cell : printer.cells(object, now)) {
            if (cell instanceof Long l) {
                cells.add(l);
            } else {
                cells.add(String.valueOf(cell));
            }
        }
        List<ObjectNode> conditions = printer.conditions(object);
        if (!conditions.isEmpty()) row.putArray("conditions").addAll(conditions);
        switch (include) {
            case NONE -> row.putNull("object");
            case METADATA -> row.set("object", partialMetadata(object));
            case OBJECT -> row.set("object", object);
        }
        return row;
    }

    /** The object reduced to a meta.k8s.io/v1 PartialObjectMetadata. */
    public static ObjectNode partialMetadata(JsonNode object) {
        ObjectNode partial = NODES.objectNode();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        JsonNode metadata = object.get("metadata");
        partial.set("metadata", metadata == null ? NODES.objectNode() : metadata);
        return partial;
    }
}
