package dev.beluga.storage;

/** A running watch; closing it cancels it and calls the listener's onClose. */
public interface Watch extends AutoCloseable {
    @Override
    void close();
}
