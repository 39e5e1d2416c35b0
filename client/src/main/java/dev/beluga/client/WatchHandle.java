package dev.beluga.client;

/** A running watch; closing it stops delivery and ends it with {@link WatchHandler#onClose}(empty). */
public interface WatchHandle extends AutoCloseable {
    @Override
    void close();
}
