package dev.beluga.storage;

/**
 * Receives the events of one watch, in revision order, never concurrently with itself. Must not block:
 * hand events to a queue. {@link #onClose} is called once, after which no more events arrive.
 */
public interface WatchListener {
    void onEvent(WatchEvent event);

    /** Progress: every change up to {@code revision} under the watched prefix has been delivered. */
    default void onProgress(long revision) {}

    /** The watch ended: {@code cause} is empty on a normal cancel, else why (e.g. the consumer fell behind). */
    void onClose(java.util.Optional<Throwable> cause);
}
