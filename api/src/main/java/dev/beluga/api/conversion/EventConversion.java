package dev.beluga.api.conversion;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSeries;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * Core v1 Event ⇄ events.k8s.io/v1 Event. Upstream stores both in one key space and converts field by
 * field: regarding↔involvedObject, note↔message, deprecatedSource↔source, deprecatedFirstTimestamp,
 * deprecatedLastTimestamp and deprecatedCount ↔ firstTimestamp, lastTimestamp and count,
 * reportingController↔reportingComponent; the rest share names. Both directions copy, never alias.
 */
public final class EventConversion {
    private EventConversion() {}

    public static io.fabric8.kubernetes.api.model.events.v1.Event toEventsV1(Event core) {
        var e = new io.fabric8.kubernetes.api.model.events.v1.Event();
        e.setApiVersion("events.k8s.io/v1");
        e.setKind("Event");
        e.setMetadata(copy(core.getMetadata()));
        e.setRegarding(core.getInvolvedObject());
        e.setRelated(core.getRelated());
        e.setNote(core.getMessage());
        e.setReason(core.getReason());
        e.setType(core.getType());
        e.setAction(core.getAction());
        e.setEventTime(core.getEventTime());
        if (core.getSeries() != null) {
            e.setSeries(new io.fabric8.kubernetes.api.model.events.v1.EventSeries(core.getSeries().getCount(), core.getSeries().getLastObservedTime()));
        }
        e.setDeprecatedSource(core.getSource());
        e.setDeprecatedFirstTimestamp(core.getFirstTimestamp());
        e.setDeprecatedLastTimestamp(core.getLastTimestamp());
        e.setDeprecatedCount(core.getCount());
        e.setReportingController(core.getReportingComponent());
        e.setReportingInstance(core.getReportingInstance());
        return e;
    }

    public static Event toCore(io.fabric8.kubernetes.api.model.events.v1.Event e) {
        Event core = new Event();
        core.setApiVersion("v1");
        core.setKind("Event");
        core.setMetadata(copy(e.getMetadata()));
        core.setInvolvedObject(e.getRegarding());
        core.setRelated(e.getRelated());
        core.setMessage(e.getNote());
        core.setReason(e.getReason());
        core.setType(e.getType());
        core.setAction(e.getAction());
        core.setEventTime(e.getEventTime());
        if (e.getSeries() != null) core.setSeries(new EventSeries(e.getSeries().getCount(), e.getSeries().getLastObservedTime()));
        core.setSource(e.getDeprecatedSource());
        core.setFirstTimestamp(e.getDeprecatedFirstTimestamp());
        core.setLastTimestamp(e.getDeprecatedLastTimestamp());
        core.setCount(e.getDeprecatedCount());
        core.setReportingComponent(e.getReportingController());
        core.setReportingInstance(e.getReportingInstance());
        return core;
    }

    private static ObjectMeta copy(ObjectMeta meta) {
        return meta == null ? null : new ObjectMetaBuilder(meta).build();
    }
}
