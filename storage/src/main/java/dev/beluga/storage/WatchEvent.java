package dev.beluga.storage;

import java.util.Optional;

/**
 * A change to one key. For {@link Type#DELETE}, {@code kv} holds the last value with modRevision set
 * to the deletion's revision. {@code previous} is the state before the change, when the source knows it.
 */
public record WatchEvent(Type type, KeyValue kv, Optional<KeyValue> previous) {
    public enum Type { PUT, DELETE }

    public long revision() {
        return kv.modRevision();
    }

    /** A PUT whose key did not exist before (createRevision == modRevision). */
    public boolean isCreate() {
        return type == Type.PUT && kv.createRevision() == kv.modRevision();
    }
}
