package dev.beluga.storage;

/**
 * One stored value at one revision. Revisions are the store's global, strictly increasing write
 * counter; {@code modRevision} is what the API calls resourceVersion.
 *
 * @param key            full key, e.g. {@code /registry/pods/default/web}
 * @param value          opaque bytes (the API server stores JSON without resourceVersion)
 * @param createRevision revision of the write that created the key
 * @param modRevision    revision of the last write to the key (for a delete event: the deletion's revision)
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {
    public KeyValue withValue(byte[] newValue) {
        return new KeyValue(key, newValue, createRevision, modRevision);
    }
}
