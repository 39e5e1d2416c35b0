package dev.beluga.storage.snapshot;

import dev.beluga.storage.CompactedException;
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.ListPage;
import dev.beluga.storage.Store;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A snapshot of any {@link Store} through the SPI: the first page is read at the latest revision and
 * every further page at that same revision, so the file is one consistent state even while the
 * server keeps writing. A compaction past that revision in the middle (the server compacts every
 * few minutes) starts the snapshot over at a newer revision.
 */
public final class StoreSnapshot {
    static final int PAGE = 500;
    private static final int ATTEMPTS = 3;

    private StoreSnapshot() {}

    /** Writes {@code store}'s keys under {@link SnapshotFormat#KEY_PREFIX} to {@code file}. */
    public static SnapshotSummary save(Store store, String source, Path file) {
        CompactedException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return saveOnce(store, source, file);
            } catch (CompactedException e) {
                last = e;
            }
        }
        throw last;
    }

    private static SnapshotSummary saveOnce(Store store, String source, Path file) {
        ListPage page = store.list(SnapshotFormat.KEY_PREFIX, 0, "", PAGE);
        long revision = page.revision();
        try (SnapshotWriter writer = SnapshotWriter.create(file, new SnapshotHeader(source, revision, Instant.now()))) {
            while (true) {
                for (KeyValue kv : page.items()) {
                    writer.add(kv);
                }
                if (!page.more()) {
                    return writer.commit();
                }
                page = store.list(SnapshotFormat.KEY_PREFIX, revision, page.lastKey(), PAGE);
            }
        }
    }
}
