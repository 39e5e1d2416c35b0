package dev.beluga.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * How one resource prints as table rows: its columns and, per object, the cells (String or Long, in
 * column order, wide columns included as the server always generates them) and row conditions.
 */
interface ResourcePrinter {
    List<Column> columns();

    List<Object> cells(JsonNode object, Instant now);

    /** Row conditions; pods that finished carry a Completed condition kubectl uses to hide them. */
    default List<ObjectNode> conditions(JsonNode object) {
        return List.of();
    }
}
