package dev.beluga.storage.snapshot;

import dev.beluga.storage.KeyValue;
import dev.beluga.storage.ListPage;
import dev.beluga.storage.StorageException;
import dev.beluga.storage.Store;
import dev.beluga.storage.WriteResult;
import java.nio.file.Path;

/**
 * Restores a snapshot into any {@link Store} through the SPI (the etcd backend's way; SQLite has an
 * exact restore of its own). The SPI cannot choose revisions, so every key is created anew and gets
 * a new modRevision (resourceVersion). To keep resourceVersions from going backwards for clients,
 * the store's revision is first raised past the snapshot's (and {@code bumpRevision} more) with
 * writes to one scratch key, and compacted there, so every older resourceVersion answers 410 Gone and
 * clients relist instead of resuming in a state that no longer exists.
 *
 * <p>The whole file is read and checked before the first write. Servers must be stopped meanwhile:
 * a write by anyone else makes the restore fail.
 */
public final class StoreRestore {
    /** Holds the revision bump; under the prefix so a store with a key prefix maps it like any other key. */
    static final String SCRATCH_KEY = SnapshotFormat.KEY_PREFIX + "beluga.dev/restore-revision-bump";

    private StoreRestore() {}

    /**
     * @param force        replace what the store holds under the prefix (deleted first)
     * @param bumpRevision how far past the snapshot's and the store's revision the restored keys start
     * @throws InvalidSnapshotException before any write when the file is not an intact snapshot
     */
    public static RestoreOutcome restore(Store target, Path file, boolean force, long bumpRevision) {
        if (bumpRevision < 0) {
            throw new IllegalArgumentException("the revision bump must not be negative: " + bumpRevision);
        }
        SnapshotSummary summary = SnapshotReader.verify(file);
        long present = target.count(SnapshotFormat.KEY_PREFIX);
        if (present > 0 && !force) {
            return new RestoreOutcome.NotEmpty(present);
        }
        if (present > 0) {
            clear(target);
        }
        long compacted = bump(target, Math.max(summary.header().revision(), target.currentRevision()) + bumpRevision);
        target.compact(compacted);
        try (ParallelWrites writes = new ParallelWrites()) {
            SnapshotReader.read(file, new SnapshotReader.Sink() {
                @Override
                public void header(SnapshotHeader header) {}

                @Override
                public void entry(KeyValue kv) {
                    writes.submit(() -> create(target, kv));
                }
            });
        }
        return new RestoreOutcome.Restored(summary, compacted, target.currentRevision());
    }

    private static void create(Store target, KeyValue kv) {
        if (target.create(kv.key(), kv.value()) instanceof WriteResult.AlreadyExists) {
            throw new StorageException("key " + kv.key() + " appeared during the restore: stop every server using the store and restore again with --force");
        }
    }

    /** Deletes every key under the prefix, page by page. */
    private static void clear(Store target) {
        while (true) {
            ListPage page = target.list(SnapshotFormat.KEY_PREFIX, 0, "", StoreSnapshot.PAGE);
            if (page.items().isEmpty()) {
                return;
            }
            try (ParallelWrites writes = new ParallelWrites()) {
                for (KeyValue kv : page.items()) {
                    writes.submit(() -> {
                        if (target.delete(kv.key(), kv.modRevision()) instanceof WriteResult.Conflict) {
                            throw new StorageException("key " + kv.key() + " changed during the restore: stop every server using the store first");
                        }
                    });
                }
            }
        }
    }

    /** Writes the scratch key until the store's revision reaches {@code goal}, then deletes it; returns the revision then. */
    private static long bump(Store target, long goal) {
        long writes = goal - target.currentRevision();
        if (writes <= 0) {
            return target.currentRevision();
        }
        // create + updates + delete: at least two writes, which may overshoot the goal by one.
        target.create(SCRATCH_KEY, new byte[0]);
        // Each update is one revision; the loop re-checks in case a write did not land (the SPI does not promise it).
        while ((writes = goal - target.currentRevision() - 1) > 0) {
            long before = target.currentRevision();
            try (ParallelWrites parallel = new ParallelWrites()) {
                for (long i = 0; i < writes; i++) {
                    parallel.submit(() -> target.update(SCRATCH_KEY, new byte[0], 0));
                }
            }
            if (target.currentRevision() == before) {
                throw new StorageException("the store's revision does not move past " + before + " (was " + SCRATCH_KEY + " deleted by someone else?)");
            }
        }
        target.delete(SCRATCH_KEY, 0);
        return target.currentRevision();
    }
}
