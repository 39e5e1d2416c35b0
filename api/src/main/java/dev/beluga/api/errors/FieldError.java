package dev.beluga.api.errors;

/**
 * One invalid field, as upstream's field.Error: becomes one StatusCause of a 422 Invalid.
 *
 * @param type     what is wrong (gives the cause's reason and the message's wording)
 * @param field    the field path, e.g. {@code spec.containers[0].image}
 * @param badValue the offending value as rendered in the message ("" when not shown)
 * @param detail   extra explanation ("" when none)
 */
public record FieldError(Type type, String field, String badValue, String detail) {

    public enum Type {
        REQUIRED("FieldValueRequired", "Required value"),
        INVALID("FieldValueInvalid", "Invalid value"),
        DUPLICATE("FieldValueDuplicate", "Duplicate value"),
        NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
        FORBIDDEN("FieldValueForbidden", "Forbidden"),
        TOO_LONG("FieldValueTooLong", "Too long"),
        TOO_MANY("FieldValueTooMany", "Too many"),
        NOT_FOUND("FieldValueNotFound", "Not found");

        public final String reason;
        public final String phrase;

        Type(String reason, String phrase) {
            this.reason = reason;
            this.phrase = phrase;
        }
    }

    public static FieldError required(String field, String detail) { return new FieldError(Type.REQUIRED, field, "", detail); }

    public static FieldError invalid(String field, Object value, String detail) { return new FieldError(Type.INVALID, field, render(value), detail); }

    public static FieldError duplicate(String field, Object value) { return new FieldError(Type.DUPLICATE, field, render(value), ""); }

    public static FieldError notSupported(String field, Object value, java.util.Collection<String> allowed) {
        return new FieldError(Type.NOT_SUPPORTED, field, render(value),
                "supported values: " + String.join(", ", allowed.stream().map(s -> "\"" + s + "\"").toList()));
    }

    public static FieldError forbidden(String field, String detail) { return new FieldError(Type.FORBIDDEN, field, "", detail); }

    public static FieldError tooLong(String field, int max) { return new FieldError(Type.TOO_LONG, field, "", "may not be more than " + max + " bytes"); }

    public static FieldError notFound(String field, Object value) { return new FieldError(Type.NOT_FOUND, field, render(value), ""); }

    /** Upstream's rendering: {@code spec.containers[0].image: Required value} / {@code metadata.name: Invalid value: "Foo": detail}. */
    public String message() {
        StringBuilder sb = new StringBuilder(type.phrase);
        if (type != Type.REQUIRED && type != Type.FORBIDDEN && type != Type.TOO_LONG && type != Type.TOO_MANY && !badValue.isEmpty()) {
            sb.append(": ").append(badValue);
        }
        if (!detail.isEmpty()) sb.append(": ").append(detail);
        return sb.toString();
    }

    @Override
    public String toString() { return field + ": " + message(); }

    private static String render(Object value) {
        if (value == null) return "null";
        if (value instanceof String s) return "\"" + s + "\"";
        return String.valueOf(value);
    }
}
