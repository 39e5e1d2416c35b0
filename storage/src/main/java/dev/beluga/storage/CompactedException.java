package dev.beluga.storage;

/** The requested revision is older than the compacted revision: the API answers 410 Gone (Expired). */
public final class CompactedException extends StorageException {
    private final long requested;
    private final long compacted;

    public CompactedException(long requested, long compacted) {
        super("required revision " + requested + " has been compacted (oldest available: " + (compacted + 1) + ")");
        this.requested = requested;
        this.compacted = compacted;
    }

    public long requested() { return requested; }

    public long compacted() { return compacted; }
}
