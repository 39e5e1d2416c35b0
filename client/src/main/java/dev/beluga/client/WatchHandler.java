package dev.beluga.client;

import dev.beluga.api.errors.StatusException;
import java.util.Optional;

/** Receives one watch's events, in order, on one thread. */
public interface WatchHandler<T> {
    enum EventType { ADDED, MODIFIED, DELETED }

    void onEvent(EventType type, T object);

    /** The watch has seen everything up to this resourceVersion (a BOOKMARK). */
    default void onBookmark(String resourceVersion) {}

    /**
     * The watch ended: empty when closed by the caller or ended by the server without error; the
     * Status otherwise (410 Expired: the resourceVersion is compacted, list again).
     */
    void onClose(Optional<StatusException> error);
}
