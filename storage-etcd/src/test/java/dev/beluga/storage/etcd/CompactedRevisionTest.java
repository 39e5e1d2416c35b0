package dev.beluga.storage.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactedRevisionTest {
    /** An etcd whose reads below {@code compacted} fail, counting the reads. */
    private static final class Etcd {
        long compacted;
        final long current;
        final List<Long> reads = new ArrayList<>();

        Etcd(long compacted, long current) {
            this.compacted = compacted;
            this.current = current;
        }

        boolean readable(long revision) {
            reads.add(revision);
            return revision >= compacted;
        }
    }

    @Test
    void findsTheCompactedRevisionByBisection() {
        for (long compacted : new long[] {2, 3, 500, 999, 1000}) {
            Etcd etcd = new Etcd(compacted, 1000);
            CompactedRevision tracker = new CompactedRevision();

            assertThat(tracker.refresh(etcd::readable, () -> etcd.current)).isEqualTo(compacted);
        }
    }

    @Test
    void nothingCompactedIsZeroAfterOneRead() {
        Etcd etcd = new Etcd(0, 1000);
        CompactedRevision tracker = new CompactedRevision();

        assertThat(tracker.refresh(etcd::readable, () -> etcd.current)).isZero();
        assertThat(etcd.reads).containsExactly(1L);
    }

    @Test
    void anUnchangedCompactionCostsOneReadAndOnlyGrows() {
        Etcd etcd = new Etcd(400, 1000);
        CompactedRevision tracker = new CompactedRevision();
        tracker.refresh(etcd::readable, () -> etcd.current);
        etcd.reads.clear();

        assertThat(tracker.refresh(etcd::readable, () -> etcd.current)).isEqualTo(400);
        assertThat(etcd.reads).containsExactly(400L);

        tracker.learned(300);
        assertThat(tracker.known()).isEqualTo(400);
        etcd.compacted = 700;
        assertThat(tracker.refresh(etcd::readable, () -> etcd.current)).isEqualTo(700);
    }
}
