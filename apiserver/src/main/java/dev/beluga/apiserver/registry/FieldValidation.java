package dev.beluga.apiserver.registry;

import dev.beluga.api.errors.StatusException;

/** The fieldValidation query parameter: what to do with unknown or duplicate fields. */
public enum FieldValidation {
    IGNORE, WARN, STRICT;

    /** Upstream's default, when the client names none, is Warn. */
    public static FieldValidation parse(String value) {
        return switch (value == null ? "" : value) {
            case "" , "Warn" -> WARN;
            case "Ignore" -> IGNORE;
            case "Strict" -> STRICT;
            default -> throw StatusException.badRequest("fieldValidation parameter unsupported: " + value
                    + ", must be one of: Ignore, Warn, Strict");
        };
    }
}
