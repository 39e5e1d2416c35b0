package dev.beluga.storage.snapshot;

import dev.beluga.storage.KeyValue;
import dev.beluga.storage.Utf8KeyOrder;
import java.util.Optional;

/**
 * The rules every entry of a snapshot obeys, checked when writing (a bug in a source) and when
 * reading (a damaged or forged file): keys under the prefix, strictly ascending, and revisions that
 * could have been read at the snapshot's revision.
 */
final class EntryCheck {
    private final long revision;
    private Optional<String> previousKey = Optional.empty();

    EntryCheck(long revision) {
        this.revision = revision;
    }

    /** Why {@code kv} cannot follow the entries seen so far, or empty when it can (and is then remembered). */
    Optional<String> accept(KeyValue kv) {
        if (!kv.key().startsWith(SnapshotFormat.KEY_PREFIX)) {
            return Optional.of("key " + kv.key() + " is not under " + SnapshotFormat.KEY_PREFIX);
        }
        if (previousKey.isPresent() && Utf8KeyOrder.INSTANCE.compare(previousKey.get(), kv.key()) >= 0) {
            return Optional.of("key " + kv.key() + " does not sort after " + previousKey.get());
        }
        if (kv.createRevision() < 1 || kv.createRevision() > kv.modRevision() || kv.modRevision() > revision) {
            return Optional.of("key " + kv.key() + " has createRevision " + kv.createRevision() + " and modRevision "
                    + kv.modRevision() + ", impossible at revision " + revision);
        }
        previousKey = Optional.of(kv.key());
        return Optional.empty();
    }
}
