package dev.beluga.storage;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts a store periodically, like the API server does against etcd: every interval it compacts
 * to the revision that was current one interval earlier, so a client that listed within the last
 * interval can still watch from its revision.
 */
public final class Compactor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);

    private final Store store;
    private final Duration interval;
    private final Thread thread;

    private Compactor(Store store, Duration interval) {
        this.store = store;
        this.interval = interval;
        this.thread = Thread.ofVirtual().name("compactor").unstarted(this::run);
    }

    public static Compactor start(Store store, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("compaction interval must be positive, got " + interval);
        }
        Compactor c = new Compactor(store, interval);
        c.thread.start();
        return c;
    }

    private void run() {
        long remembered;
        try {
            remembered = store.currentRevision();
        } catch (StorageException e) {
            LOG.warn("compactor cannot read the current revision; not compacting", e);
            return;
        }
        while (true) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            try {
                long target = remembered;
                remembered = store.currentRevision();
                if (target > store.compactedRevision()) {
                    store.compact(target);
                    LOG.info("compacted storage to revision {}", target);
                }
            } catch (StorageException e) {
                LOG.warn("compaction failed; retrying in {}", interval, e);
            }
        }
    }

    /** Stops compacting; returns once the compactor thread has ended. */
    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
