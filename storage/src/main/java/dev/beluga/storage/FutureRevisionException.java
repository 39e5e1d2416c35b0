package dev.beluga.storage;

/** A read asked for a revision the store has not reached yet (and did not reach within the wait). */
public final class FutureRevisionException extends StorageException {
    public FutureRevisionException(long requested, long current) {
        super("revision " + requested + " is newer than the store's current revision " + current);
    }
}
