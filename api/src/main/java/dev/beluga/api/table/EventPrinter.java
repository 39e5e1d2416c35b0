package dev.beluga.api.table;

import static dev.beluga.api.table.ObjectFields.number;
import static dev.beluga.api.table.ObjectFields.text;
import static dev.beluga.api.table.ObjectFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Events as upstream's printEvent shows them. Upstream prints events.k8s.io events through the same
 * printer after converting them to core events, so {@code eventsV1} reads the same facts from the
 * events.k8s.io field names (regarding, note, deprecatedSource, deprecatedCount, ...).
 */
record EventPrinter(boolean eventsV1) implements ResourcePrinter {
    private static final List<Column> COLUMNS = List.of(
            Column.string("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
            Column.string("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
            Column.string("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the "
                    + "object's current status."),
            Column.string("Object", "The object that this event is about."),
            Column.wide("Subobject", "If referring to a piece of an object instead of an entire object, this string should contain a valid "
                    + "JSON/Go field access statement, such as desiredState.manifest.containers[2]."),
            Column.wide("Source", "The component reporting this event. Should be a short machine understandable string."),
            Column.string("Message", "A human-readable description of the status of this operation."),
            Column.wide("First Seen", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)"),
            Column.wide("Count", "The number of times this event has occurred."),
            new Column("Name", "string", "name", Column.NAME_DOC, 1));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode e, Instant now) {
        Optional<Instant> first = time(e, field("firstTimestamp", "deprecatedFirstTimestamp"));
        String firstSeen = first.isPresent() ? HumanDuration.since(first, now) : HumanDuration.since(time(e, "eventTime"), now);
        Optional<Instant> last = time(e, field("lastTimestamp", "deprecatedLastTimestamp"));
        String lastSeen = last.isPresent() ? HumanDuration.since(last, now) : firstSeen;
        long count = number(e, field("count", "deprecatedCount"));
        JsonNode series = e.path("series");
        if (series.isObject()) {
            lastSeen = HumanDuration.since(time(series, "lastObservedTime"), now);
            count = number(series, "count");
        } else if (count == 0) {
            // Singleton events of the new API carry no count.
            count = 1;
        }
        JsonNode involved = e.path(field("involvedObject", "regarding"));
        String kind = text(involved, "kind").toLowerCase(Locale.ROOT);
        String target = text(involved, "name").isEmpty() ? kind : kind + "/" + text(involved, "name");
        JsonNode source = e.path(field("source", "deprecatedSource"));
        String component = firstNonEmpty(text(source, "component"), text(e, "reportingController"));
        String instance = firstNonEmpty(text(source, "host"), text(e, "reportingInstance"));
        String sourceText = instance.isEmpty() ? component : component + ", " + instance;
        return List.of(lastSeen, text(e, "type"), text(e, "reason"), target, text(involved, "fieldPath"), sourceText,
                text(e, field("message", "note")).strip(), firstSeen, count, ObjectFields.name(e));
    }

    private String field(String core, String v1) {
        return eventsV1 ? v1 : core;
    }

    private static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }
}
