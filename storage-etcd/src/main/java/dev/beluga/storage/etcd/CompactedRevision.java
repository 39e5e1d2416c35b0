package dev.beluga.storage.etcd;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * What this store knows of etcd's compacted revision, shared by every API server on the same etcd without
 * writing anything: etcd answers a read at revision {@code r} with ErrCompacted exactly when {@code r} is below
 * its compacted revision, so the compacted revision is the smallest revision a read succeeds at, found by
 * bisection between the last known value and the current revision (one read when nothing changed).
 *
 * <p>Knowing too little is safe: a read or watch below the real compaction still fails at etcd and is
 * reported as compacted (and teaches this tracker); so the value is refreshed at most once a second.
 */
final class CompactedRevision {
    private static final long REFRESH_NANOS = 1_000_000_000L;

    private final AtomicLong known = new AtomicLong();
    private volatile long refreshedAt = System.nanoTime() - REFRESH_NANOS;

    /** The last known compacted revision, without asking etcd. */
    long known() {
        return known.get();
    }

    /** Learned from this store's own compaction or from etcd's answer to a watch. */
    void learned(long revision) {
        known.accumulateAndGet(revision, Math::max);
    }

    /** Refreshed from etcd when the last refresh is older than a second. */
    long recent(LongPredicate readableAt, LongSupplier current) {
        if (System.nanoTime() - refreshedAt >= REFRESH_NANOS) {
            refresh(readableAt, current);
        }
        return known();
    }

    /**
     * Asks etcd. {@code readableAt} tells whether a read at a revision succeeds (false: compacted);
     * {@code current} gives etcd's current revision, at which a read always succeeds.
     */
    long refresh(LongPredicate readableAt, LongSupplier current) {
        long lower = Math.max(known(), 1);
        if (!readableAt.test(lower)) {
            long upper = current.getAsLong();
            // Invariant: a read at lower fails, at upper succeeds; the compacted revision is the smallest that succeeds.
            while (upper - lower > 1) {
                long mid = lower + (upper - lower) / 2;
                if (readableAt.test(mid)) {
                    upper = mid;
                } else {
                    lower = mid;
                }
            }
            learned(upper);
        }
        refreshedAt = System.nanoTime();
        return known();
    }
}
