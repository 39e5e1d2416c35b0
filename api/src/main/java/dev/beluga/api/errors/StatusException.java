package dev.beluga.api.errors;

import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An API error, carried to the HTTP layer and written as a Kubernetes {@code Status}. Reasons, codes
 * and message shapes follow upstream's apimachinery errors so kubectl prints what users know.
 */
public final class StatusException extends RuntimeException {
    private final transient Status status;

    public StatusException(Status status) {
        super(status.getMessage(), null, false, false);
        this.status = status;
    }

    public Status status() { return status; }

    public int code() { return status.getCode(); }

    public String reason() { return status.getReason(); }

    public static StatusException of(int code, String reason, String message, StatusDetails details) {
        Status s = new Status();
        s.setApiVersion("v1");
        s.setKind("Status");
        s.setMetadata(new ListMeta());
        s.setStatus("Failure");
        s.setCode(code);
        s.setReason(reason);
        s.setMessage(message);
        s.setDetails(details);
        return new StatusException(s);
    }

    private static StatusDetails details(String group, String kind, String name) {
        StatusDetails d = new StatusDetails();
        if (group != null && !group.isEmpty()) d.setGroup(group);
        d.setKind(kind);
        if (name != null && !name.isEmpty()) d.setName(name);
        return d;
    }

    private static String qualified(String group, String resource) {
        return group == null || group.isEmpty() ? resource : resource + "." + group;
    }

    public static StatusException badRequest(String message) {
        return of(400, "BadRequest", message, null);
    }

    /** 422: {@code Pod "web" is invalid: [spec.containers[0].image: Required value, ...]}. */
    public static StatusException invalid(String group, String kind, String name, List<FieldError> errors) {
        StatusDetails d = details(group, kind, name);
        d.setCauses(errors.stream().map(e -> {
            StatusCause c = new StatusCause();
            c.setReason(e.type().reason);
            c.setMessage(e.message());
            c.setField(e.field());
            return c;
        }).collect(Collectors.toList()));
        String list = errors.size() == 1 ? errors.getFirst().toString()
                : "[" + errors.stream().map(FieldError::toString).collect(Collectors.joining(", ")) + "]";
        String qualifiedKind = group == null || group.isEmpty() ? kind : kind + "." + group;
        return of(422, "Invalid", qualifiedKind + " \"" + name + "\" is invalid: " + list, d);
    }

    public static StatusException notFound(String group, String resource, String name) {
        return of(404, "NotFound", qualified(group, resource) + " \"" + name + "\" not found", details(group, resource, name));
    }

    public static StatusException notFoundPath(String message) {
        return of(404, "NotFound", message, null);
    }

    public static StatusException alreadyExists(String group, String resource, String name) {
        return of(409, "AlreadyExists", qualified(group, resource) + " \"" + name + "\" already exists", details(group, resource, name));
    }

    /** 409 for a stale resourceVersion: kubectl retries or tells the user to re-apply. */
    public static StatusException conflict(String group, String resource, String name, String why) {
        return of(409, "Conflict", "Operation cannot be fulfilled on " + qualified(group, resource) + " \"" + name + "\": " + why,
                details(group, resource, name));
    }

    public static StatusException expired(String message) {
        return of(410, "Expired", message, null);
    }

    public static StatusException unauthorized() {
        return of(401, "Unauthorized", "Unauthorized", null);
    }

    public static StatusException forbidden(String group, String resource, String name, String why) {
        return of(403, "Forbidden", qualified(group, resource) + " \"" + name + "\" is forbidden: " + why, details(group, resource, name));
    }

    public static StatusException methodNotSupported(String group, String resource, String verb) {
        return of(405, "MethodNotAllowed", verb + " is not supported on resources of kind \"" + qualified(group, resource) + "\"",
                details(group, resource, null));
    }

    public static StatusException notAcceptable(String message) {
        return of(406, "NotAcceptable", message, null);
    }

    public static StatusException unsupportedMediaType(String contentType) {
        return of(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
                + "application/json, application/yaml, application/apply-patch+yaml; got " + contentType, null);
    }

    public static StatusException tooManyRequests(String message) {
        return of(429, "TooManyRequests", message, null);
    }

    public static StatusException internal(String message) {
        return of(500, "InternalError", "Internal error occurred: " + message, null);
    }

    public static StatusException serviceUnavailable(String message) {
        return of(503, "ServiceUnavailable", message, null);
    }

    public static StatusException timeout(String message) {
        return of(504, "Timeout", message, null);
    }
}
