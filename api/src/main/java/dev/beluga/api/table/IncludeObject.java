package dev.beluga.api.table;

/**
 * The {@code includeObject} table option: what each row carries besides its cells. METADATA (a
 * PartialObjectMetadata) is upstream's default; kubectl asks for OBJECT when it needs the whole object.
 */
public enum IncludeObject {
    NONE,
    METADATA,
    OBJECT;

    /** The query parameter value ({@code None}, {@code Metadata}, {@code Object}); empty means the default. */
    public static IncludeObject fromParameter(String value) {
        return switch (value) {
            case "None" -> NONE;
            case "Object" -> OBJECT;
            case "", "Metadata" -> METADATA;
            default -> throw dev.beluga.api.errors.StatusException.badRequest(
                    "includeObject: Unsupported value: \"" + value + "\": supported values: \"None\", \"Metadata\", \"Object\"");
        };
    }
}
