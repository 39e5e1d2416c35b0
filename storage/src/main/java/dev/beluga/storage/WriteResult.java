package dev.beluga.storage;

/** Outcome of a conditional write. Conditions failing are results, not exceptions. */
public sealed interface WriteResult {
    /** The write happened; {@code kv} is the new state (for a delete: the last value, at the deletion revision). */
    record Ok(KeyValue kv) implements WriteResult {}

    /** create found the key present. */
    record AlreadyExists(KeyValue current) implements WriteResult {}

    /** update or delete found no such key. */
    record NotFound() implements WriteResult {}

    /** update or delete expected another modRevision than the current one. */
    record Conflict(KeyValue current) implements WriteResult {}
}
