package dev.beluga.storage;

import java.util.Optional;

/** Passes everything to another store; tests override what they want to observe or break. */
class DelegatingStore implements Store {
    protected final Store delegate;

    DelegatingStore(Store delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return delegate.get(key);
    }

    @Override
    public ListPage list(String prefix, long revision, String startAfter, int limit) {
        return delegate.list(prefix, revision, startAfter, limit);
    }

    @Override
    public long count(String prefix) {
        return delegate.count(prefix);
    }

    @Override
    public WriteResult create(String key, byte[] value) {
        return delegate.create(key, value);
    }

    @Override
    public WriteResult update(String key, byte[] value, long expectedModRevision) {
        return delegate.update(key, value, expectedModRevision);
    }

    @Override
    public WriteResult delete(String key, long expectedModRevision) {
        return delegate.delete(key, expectedModRevision);
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        return delegate.watch(prefix, afterRevision, listener);
    }

    @Override
    public long currentRevision() {
        return delegate.currentRevision();
    }

    @Override
    public long compactedRevision() {
        return delegate.compactedRevision();
    }

    @Override
    public void compact(long revision) {
        delegate.compact(revision);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
