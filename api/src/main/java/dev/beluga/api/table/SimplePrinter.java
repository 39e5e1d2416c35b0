package dev.beluga.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

/** A printer given as its columns and a cell function. */
record SimplePrinter(List<Column> columns, BiFunction<JsonNode, Instant, List<Object>> cellFunction) implements ResourcePrinter {
    @Override
    public List<Object> cells(JsonNode object, Instant now) {
        return cellFunction.apply(object, now);
    }
}
