package dev.beluga.storage;

/** The store could not answer (I/O failure, backend unreachable): the API answers 5xx. */
public class StorageException extends RuntimeException {
    public StorageException(String message) { super(message); }

    public StorageException(String message, Throwable cause) { super(message, cause); }
}
