package dev.beluga.storage;

import java.util.Optional;

/**
 * The storage SPI: a revisioned key-value store, the shape of etcd's. Every successful write bumps
 * one global revision by exactly one; a key's {@code modRevision} is the revision of its last write.
 * Keys are compared as UTF-8 byte strings (ascending). Implementations: {@code SqliteStore} (embedded),
 * the etcd store (its own issue), and {@link WatchCache} (in-memory cache in front of either).
 *
 * <p>Writes return only once durable. All methods are thread-safe. Failures of the backend throw
 * {@link StorageException}; failed conditions are {@link WriteResult}s.
 */
public interface Store extends AutoCloseable {

    /** The latest value of {@code key}. */
    Optional<KeyValue> get(String key);

    /**
     * The value of {@code key} this store has at hand, possibly a moment behind the backend: for checks that
     * tolerate it, as upstream's admission plugins read their informers' listers. A cache answers from memory
     * without first catching up (on etcd that saves a round trip); a store without one reads as {@link #get}.
     */
    default Optional<KeyValue> peek(String key) {
        return get(key);
    }

    /**
     * Keys starting with {@code prefix}, ascending, strictly after {@code startAfter} ("" = from the
     * start), at most {@code limit} of them (0 = no limit), as of {@code revision} (0 = latest).
     *
     * @throws CompactedException when {@code revision} is non-zero and older than what the store keeps
     */
    ListPage list(String prefix, long revision, String startAfter, int limit);

    /** Number of keys under {@code prefix} now. */
    long count(String prefix);

    /** Store {@code value} under {@code key} if the key is absent. */
    WriteResult create(String key, byte[] value);

    /** Replace the value if the key's modRevision equals {@code expectedModRevision} (0 = any). */
    WriteResult update(String key, byte[] value, long expectedModRevision);

    /** Remove the key if its modRevision equals {@code expectedModRevision} (0 = any). */
    WriteResult delete(String key, long expectedModRevision);

    /**
     * Deliver every change under {@code prefix} with revision greater than {@code afterRevision}, in
     * order and without gaps, then the live changes. {@code afterRevision} 0 means "from now".
     *
     * @throws CompactedException when changes after {@code afterRevision} are no longer kept
     */
    Watch watch(String prefix, long afterRevision, WatchListener listener);

    /** The revision of the latest write. */
    long currentRevision();

    /** Revisions at or below this one are compacted (0 when nothing was). */
    long compactedRevision();

    /** Forget history (old values and deletions) at or below {@code revision}; latest values are kept. */
    void compact(long revision);

    @Override
    void close();
}
