package dev.beluga.apiserver.registry;

/** Options every write takes: dryRun=All and fieldValidation. */
public record WriteOptions(boolean dryRun, FieldValidation fieldValidation) {
    public static final WriteOptions DEFAULT = new WriteOptions(false, FieldValidation.WARN);
}
