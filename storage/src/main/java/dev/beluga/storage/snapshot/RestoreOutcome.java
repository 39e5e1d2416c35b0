package dev.beluga.storage.snapshot;

/** What a restore did. */
public sealed interface RestoreOutcome {
    /**
     * The snapshot's keys are in the store.
     *
     * @param snapshot  the snapshot restored
     * @param compacted every revision at or below this one is compacted: resourceVersions a client
     *                  cached before the restore answer 410 Gone, so clients relist
     * @param revision  the store's revision after the restore
     */
    record Restored(SnapshotSummary snapshot, long compacted, long revision) implements RestoreOutcome {}

    /** The store holds {@code keys} keys and the restore was not told to replace them; nothing was written. */
    record NotEmpty(long keys) implements RestoreOutcome {}
}
