package dev.beluga.storage;

/**
 * The store did not answer in time (a backend call outlived its deadline, or the watch cache did not
 * catch up with the backend's revision): the API answers 504 Timeout, where an unreachable or failing
 * store is 503. A client may retry either; a timed-out write may or may not have been applied, as with
 * upstream's etcd timeouts, so it re-reads before writing again.
 */
public class StorageTimeoutException extends StorageException {
    public StorageTimeoutException(String message) { super(message); }

    public StorageTimeoutException(String message, Throwable cause) { super(message, cause); }
}
