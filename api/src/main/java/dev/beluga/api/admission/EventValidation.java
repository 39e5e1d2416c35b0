package dev.beluga.api.admission;

import dev.beluga.api.conversion.EventConversion;
import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Objects;

/**
 * Upstream's ValidateEventCreate/Update. Both APIs validate the core form (so paths use core names);
 * events.k8s.io adds the strict rules for new-style events. Core events keep upstream's legacy
 * leniency, with names checked as the path segment they become.
 */
final class EventValidation {
    static final int REPORTING_INSTANCE_LIMIT = 128;
    static final int ACTION_LIMIT = 128;
    static final int REASON_LIMIT = 128;
    static final int NOTE_LIMIT = 1024;

    private EventValidation() {}

    static void createCore(Event e, List<FieldError> errs) {
        ObjectMetaValidation.validate(e.getMetadata(), true, NameValidation.NameRule.PATH_SEGMENT, "metadata", errs);
        legacy(e, errs);
    }

    static void updateCore(Event e, Event old, List<FieldError> errs) {
        createCore(e, errs);
        ObjectMetaValidation.validateUpdate(e.getMetadata(), old.getMetadata(), "metadata", errs);
    }

    static void createV1(io.fabric8.kubernetes.api.model.events.v1.Event v1, List<FieldError> errs) {
        Event e = EventConversion.toCore(v1);
        legacy(e, errs);
        ObjectMetaValidation.validate(e.getMetadata(), true, NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
        series(e, errs);
        if (blank(time(e))) errs.add(FieldError.required("eventTime", ""));
        if (!"Normal".equals(e.getType()) && !"Warning".equals(e.getType())) {
            errs.add(FieldError.invalid("type", "", "has invalid value: " + nz(e.getType())));
        }
        if (!blank(e.getFirstTimestamp())) errs.add(FieldError.invalid("firstTimestamp", "", "needs to be unset"));
        if (!blank(e.getLastTimestamp())) errs.add(FieldError.invalid("lastTimestamp", "", "needs to be unset"));
        if (e.getCount() != null && e.getCount() != 0) errs.add(FieldError.invalid("count", "", "needs to be unset"));
        if (e.getSource() != null && (!blank(e.getSource().getComponent()) || !blank(e.getSource().getHost()))) {
            errs.add(FieldError.invalid("source", "", "needs to be unset"));
        }
    }

    static void updateV1(io.fabric8.kubernetes.api.model.events.v1.Event v1, io.fabric8.kubernetes.api.model.events.v1.Event oldV1,
                         List<FieldError> errs) {
        Event e = EventConversion.toCore(v1);
        Event old = EventConversion.toCore(oldV1);
        legacy(e, errs);
        ObjectMetaValidation.validateUpdate(e.getMetadata(), old.getMetadata(), "metadata", errs);
        if (!Objects.equals(e.getSeries(), old.getSeries())) series(e, errs);
        immutable(e.getInvolvedObject(), old.getInvolvedObject(), "involvedObject", errs);
        immutable(e.getReason(), old.getReason(), "reason", errs);
        immutable(e.getMessage(), old.getMessage(), "message", errs);
        immutable(e.getSource(), old.getSource(), "source", errs);
        immutable(e.getFirstTimestamp(), old.getFirstTimestamp(), "firstTimestamp", errs);
        immutable(e.getLastTimestamp(), old.getLastTimestamp(), "lastTimestamp", errs);
        immutable(e.getCount(), old.getCount(), "count", errs);
        immutable(e.getType(), old.getType(), "type", errs);
        immutable(e.getEventTime(), old.getEventTime(), "eventTime", errs);
        immutable(e.getAction(), old.getAction(), "action", errs);
        immutable(e.getRelated(), old.getRelated(), "related", errs);
        immutable(e.getReportingComponent(), old.getReportingComponent(), "reportingController", errs);
        immutable(e.getReportingInstance(), old.getReportingInstance(), "reportingInstance", errs);
    }

    private static void immutable(Object value, Object old, String path, List<FieldError> errs) {
        ObjectMetaValidation.immutable(value, old, path, errs);
    }

    private static void series(Event e, List<FieldError> errs) {
        if (e.getSeries() == null) return;
        if (e.getSeries().getCount() == null || e.getSeries().getCount() < 2) errs.add(FieldError.invalid("series.count", "", "should be at least 2"));
        if (e.getSeries().getLastObservedTime() == null || blank(e.getSeries().getLastObservedTime().getTime())) {
            errs.add(FieldError.required("series.lastObservedTime", ""));
        }
    }

    private static void legacy(Event e, List<FieldError> errs) {
        ObjectMeta meta = e.getMetadata() == null ? new ObjectMeta() : e.getMetadata();
        String namespace = nz(meta.getNamespace());
        String involvedNamespace = e.getInvolvedObject() == null ? "" : nz(e.getInvolvedObject().getNamespace());
        if (blank(time(e))) {
            if (involvedNamespace.isEmpty()) {
                if (!namespace.isEmpty() && !namespace.equals("default")) {
                    errs.add(FieldError.invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
                }
            } else if (!namespace.equals(involvedNamespace)) {
                errs.add(FieldError.invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
            }
        } else {
            if (involvedNamespace.isEmpty() && !namespace.equals("default") && !namespace.equals("kube-system")) {
                errs.add(FieldError.invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
            }
            String controller = nz(e.getReportingComponent());
            if (controller.isEmpty()) errs.add(FieldError.required("reportingController", ""));
            for (String msg : NameValidation.qualifiedName(controller)) errs.add(FieldError.invalid("reportingController", controller, msg));
            String instance = nz(e.getReportingInstance());
            if (instance.isEmpty()) errs.add(FieldError.required("reportingInstance", ""));
            if (instance.length() > REPORTING_INSTANCE_LIMIT) {
                errs.add(FieldError.invalid("reportingInstance", "", "can have at most " + REPORTING_INSTANCE_LIMIT + " characters"));
            }
            String action = nz(e.getAction());
            if (action.isEmpty()) errs.add(FieldError.required("action", ""));
            if (action.length() > ACTION_LIMIT) errs.add(FieldError.invalid("action", "", "can have at most " + ACTION_LIMIT + " characters"));
            String reason = nz(e.getReason());
            if (reason.isEmpty()) errs.add(FieldError.required("reason", ""));
            if (reason.length() > REASON_LIMIT) errs.add(FieldError.invalid("reason", "", "can have at most " + REASON_LIMIT + " characters"));
            if (nz(e.getMessage()).length() > NOTE_LIMIT) errs.add(FieldError.invalid("message", "", "can have at most " + NOTE_LIMIT + " characters"));
        }
        for (String msg : NameValidation.dns1123Subdomain(namespace)) errs.add(FieldError.invalid("namespace", namespace, msg));
    }

    private static String time(Event e) {
        return e.getEventTime() == null ? "" : nz(e.getEventTime().getTime());
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
