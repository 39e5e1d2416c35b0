package dev.beluga.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory, revisioned cache in front of a backend store (upstream's "cacher"): the latest value
 * of every key plus a ring of recent events, fed by one backend watch. Reads are served from memory
 * once it has caught up with the backend's revision at the time of the call; writes go to the backend
 * and return once the cache has applied them, so read-your-writes holds. Values are transformed once
 * per event, and every watcher and reader shares those bytes.
 *
 * <p>Owns the backend: closing the cache closes it.
 */
public final class WatchCache implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(WatchCache.class);
    private static final Duration READ_WAIT = Duration.ofSeconds(3);
    private static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int LOAD_PAGE = 10_000;

    /** Rewrites a stored value for readers, e.g. to stamp metadata.resourceVersion into JSON. */
    @FunctionalInterface
    public interface ValueTransformer {
        /** For a deletion, {@code modRevision} is the deletion's revision. */
        byte[] transform(String key, byte[] value, long modRevision);

        static ValueTransformer identity() {
            return (key, value, modRevision) -> value;
        }
    }

    /** What the backend watch hands to the dispatcher; tagged so a replaced watch's leftovers are ignored. */
    private sealed interface Signal {
        record Event(long generation, WatchEvent event) implements Signal {}

        record Ended(long generation, Optional<Throwable> cause) implements Signal {}

        /** The backend has nothing more for this cache up to {@code revision} (e.g. etcd writes under other prefixes). */
        record Progress(long generation, long revision) implements Signal {}

        record Stop() implements Signal {}
    }

    /** Thrown by the ring replay when the ring no longer reaches back far enough. */
    private static final class RingMissed extends RuntimeException {
        RingMissed() {
            super(null, null, false, false);
        }
    }

    private final Store backend;
    private final ValueTransformer transformer;
    private final Duration progressInterval;
    private final ReentrantReadWriteLock state = new ReentrantReadWriteLock();
    // guarded by state
    private final TreeMap<String, KeyValue> latest = new TreeMap<>(Utf8KeyOrder.INSTANCE);
    private final EventRing ring;
    private long appliedRevision;
    // end guarded by state
    private final RevisionGate applied = new RevisionGate();
    private final WatchFanout fanout = new WatchFanout(0);
    private final LinkedBlockingQueue<Signal> inbox = new LinkedBlockingQueue<>();
    private final Set<Watch> delegated = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread dispatcher;
    // dispatcher thread only (and the constructor before it starts)
    private long generation;
    private Optional<Watch> backendWatch = Optional.empty();

    public WatchCache(Store backend, ValueTransformer transformer, int historyCapacity) {
        this(backend, transformer, historyCapacity, DEFAULT_PROGRESS_INTERVAL);
    }

    /** Loads everything from the backend before returning; fails with StorageException if it cannot. */
    public WatchCache(Store backend, ValueTransformer transformer, int historyCapacity, Duration progressInterval) {
        this.backend = backend;
        this.transformer = transformer;
        this.progressInterval = progressInterval;
        this.ring = new EventRing(historyCapacity);
        load(Optional.empty());
        this.dispatcher = Thread.ofPlatform().name("watch-cache-dispatcher").daemon().start(this::dispatch);
    }

    /** The latest value this cache has applied, without first catching up with the backend. */
    @Override
    public Optional<KeyValue> peek(String key) {
        ensureOpen();
        state.readLock().lock();
        try {
            return Optional.ofNullable(latest.get(key));
        } finally {
            state.readLock().unlock();
        }
    }

    @Override
    public Optional<KeyValue> get(String key) {
        ensureOpen();
        awaitFresh();
        state.readLock().lock();
        try {
            return Optional.ofNullable(latest.get(key));
        } finally {
            state.readLock().unlock();
        }
    }

    @Override
    public ListPage list(String prefix, long revision, String startAfter, int limit) {
        ensureOpen();
        if (revision == 0) {
            awaitFresh();
            state.readLock().lock();
            try {
                return fromMemory(prefix, startAfter, limit);
            } finally {
                state.readLock().unlock();
            }
        }
        long compacted = backend.compactedRevision();
        if (revision < compacted) {
            throw new CompactedException(revision, compacted);
        }
        long current = backend.currentRevision();
        if (revision > current) {
            throw new FutureRevisionException(revision, current);
        }
        applied.await(revision, READ_WAIT);
        state.readLock().lock();
        try {
            if (appliedRevision == revision) {
                return fromMemory(prefix, startAfter, limit);
            }
        } finally {
            state.readLock().unlock();
        }
        ListPage page = backend.list(prefix, revision, startAfter, limit);
        List<KeyValue> items = new ArrayList<>(page.items().size());
        for (KeyValue kv : page.items()) {
            items.add(transformed(kv));
        }
        return new ListPage(List.copyOf(items), page.revision(), page.more());
    }

    @Override
    public long count(String prefix) {
        ensureOpen();
        awaitFresh();
        state.readLock().lock();
        try {
            long n = 0;
            for (String key : latest.tailMap(prefix, true).keySet()) {
                if (!key.startsWith(prefix)) {
                    break;
                }
                n++;
            }
            return n;
        } finally {
            state.readLock().unlock();
        }
    }

    @Override
    public WriteResult create(String key, byte[] value) {
        ensureOpen();
        return cached(backend.create(key, value));
    }

    @Override
    public WriteResult update(String key, byte[] value, long expectedModRevision) {
        ensureOpen();
        return cached(backend.update(key, value, expectedModRevision));
    }

    @Override
    public WriteResult delete(String key, long expectedModRevision) {
        ensureOpen();
        return cached(backend.delete(key, expectedModRevision));
    }

    /**
     * Replays from the ring when it reaches back to {@code afterRevision}; otherwise the backend's own
     * watch serves this watcher (values transformed per watcher, the rare path).
     */
    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        ensureOpen();
        if (afterRevision != 0) {
            long compacted = backend.compactedRevision();
            if (afterRevision < compacted) {
                throw new CompactedException(afterRevision + 1, compacted);
            }
        }
        try {
            return fanout.subscribe(prefix, afterRevision, listener, this::replayFromRing);
        } catch (RingMissed e) {
            return watchBackend(prefix, afterRevision, listener);
        }
    }

    @Override
    public long currentRevision() {
        ensureOpen();
        return backend.currentRevision();
    }

    @Override
    public long compactedRevision() {
        ensureOpen();
        return backend.compactedRevision();
    }

    @Override
    public void compact(long revision) {
        ensureOpen();
        backend.compact(revision);
    }

    /** Ends every watch (onClose without cause), stops the dispatcher and closes the backend. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        inbox.add(new Signal.Stop());
        try {
            dispatcher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        backendWatch.ifPresent(Watch::close);
        fanout.closeAll(Optional.empty());
        for (Watch w : delegated) {
            w.close();
        }
        backend.close();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new StorageException("watch cache is closed");
        }
    }

    /** Waits until memory holds everything the backend had committed when the call began. */
    private void awaitFresh() {
        long target = backend.currentRevision();
        if (!applied.await(target, READ_WAIT)) {
            // Upstream's watch cache answers this case with 504 ("Too large resource version"): a timeout, not an outage.
            throw new StorageTimeoutException("watch cache did not catch up with revision " + target
                    + " within " + READ_WAIT.toSeconds() + "s (at " + applied.revision() + ")");
        }
    }

    // caller holds the read lock
    private ListPage fromMemory(String prefix, String startAfter, int limit) {
        NavigableMap<String, KeyValue> tail = startAfter.isEmpty() || Utf8KeyOrder.INSTANCE.compare(startAfter, prefix) < 0
                ? latest.tailMap(prefix, true)
                : latest.tailMap(startAfter, false);
        List<KeyValue> items = new ArrayList<>(limit > 0 ? Math.min(limit, 1024) : 16);
        boolean more = false;
        for (Map.Entry<String, KeyValue> e : tail.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            if (limit > 0 && items.size() == limit) {
                more = true;
                break;
            }
            items.add(e.getValue());
        }
        return new ListPage(List.copyOf(items), appliedRevision, more);
    }

    private List<WatchEvent> replayFromRing(long after, long upTo) {
        state.readLock().lock();
        try {
            if (after < ring.floor()) {
                throw new RingMissed();
            }
            return ring.between(after, upTo);
        } finally {
            state.readLock().unlock();
        }
    }

    private Watch watchBackend(String prefix, long afterRevision, WatchListener listener) {
        DelegatedWatch watch = new DelegatedWatch(listener);
        watch.backend = backend.watch(prefix, afterRevision, watch);
        delegated.add(watch);
        return watch;
    }

    /** A watcher the ring could not serve: the backend's watch with values transformed on the way. */
    private final class DelegatedWatch implements Watch, WatchListener {
        private final WatchListener listener;
        private volatile Watch backend;

        DelegatedWatch(WatchListener listener) {
            this.listener = listener;
        }

        @Override
        public void onEvent(WatchEvent event) {
            listener.onEvent(new WatchEvent(event.type(), transformed(event.kv()), event.previous().map(WatchCache.this::transformed)));
        }

        @Override
        public void onProgress(long revision) {
            listener.onProgress(revision);
        }

        @Override
        public void onClose(Optional<Throwable> cause) {
            delegated.remove(this);
            listener.onClose(cause);
        }

        @Override
        public void close() {
            backend.close();
        }
    }

    private KeyValue transformed(KeyValue kv) {
        return kv.withValue(transformer.transform(kv.key(), kv.value(), kv.modRevision()));
    }

    /** The write result with the cache's shared transformed values instead of the backend's bytes. */
    private WriteResult cached(WriteResult result) {
        return switch (result) {
            case WriteResult.Ok ok -> new WriteResult.Ok(cachedVersion(ok.kv()));
            case WriteResult.AlreadyExists exists -> new WriteResult.AlreadyExists(cachedVersion(exists.current()));
            case WriteResult.Conflict conflict -> new WriteResult.Conflict(cachedVersion(conflict.current()));
            case WriteResult.NotFound notFound -> notFound;
        };
    }

    private KeyValue cachedVersion(KeyValue kv) {
        if (applied.await(kv.modRevision(), READ_WAIT)) {
            state.readLock().lock();
            try {
                Optional<WatchEvent> event = ring.at(kv.modRevision());
                if (event.isPresent() && event.get().kv().key().equals(kv.key())) {
                    return event.get().kv();
                }
                KeyValue now = latest.get(kv.key());
                if (now != null && now.modRevision() == kv.modRevision()) {
                    return now;
                }
            } finally {
                state.readLock().unlock();
            }
        }
        return transformed(kv);
    }

    private void dispatch() {
        long nextProgress = System.nanoTime() + progressInterval.toNanos();
        List<Signal> batch = new ArrayList<>();
        while (true) {
            try {
                long wait = nextProgress - System.nanoTime();
                Signal first = inbox.poll(Math.max(wait, 0), TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    inbox.drainTo(batch);
                }
                if (!handle(batch)) {
                    return;
                }
                batch.clear();
                if (System.nanoTime() - nextProgress >= 0) {
                    fanout.progress(fanout.publishedRevision());
                    nextProgress = System.nanoTime() + progressInterval.toNanos();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("watch cache dispatcher failed; reloading", e);
                batch.clear();
                reload(e);
            }
        }
    }

    /** Applies a batch of signals; false when the cache is stopping. */
    private boolean handle(List<Signal> batch) {
        List<WatchEvent> events = new ArrayList<>(batch.size());
        for (Signal s : batch) {
            switch (s) {
                case Signal.Event e -> {
                    if (e.generation() == generation) {
                        events.add(e.event());
                    }
                }
                case Signal.Ended ended -> {
                    if (ended.generation() == generation) {
                        apply(events);
                        reload(ended.cause().orElseGet(() -> new StorageException("backend watch ended")));
                        return !closed.get();
                    }
                }
                case Signal.Progress p -> {
                    if (p.generation() == generation) {
                        apply(events);
                        events.clear();
                        advanceTo(p.revision());
                    }
                }
                case Signal.Stop stop -> {
                    return false;
                }
            }
        }
        apply(events);
        return true;
    }

    /**
     * The backend's revision moved without changes for this cache: on a shared etcd, another prefix's
     * writes count too. Reads wait for the backend's revision, so without this they would stall until
     * this cache saw a write of its own.
     */
    private void advanceTo(long revision) {
        state.writeLock().lock();
        try {
            if (revision <= appliedRevision) {
                return;
            }
            appliedRevision = revision;
        } finally {
            state.writeLock().unlock();
        }
        applied.advance(revision);
    }

    private void apply(List<WatchEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        // Transform outside the lock: it is the expensive part (the API server rewrites JSON).
        List<KeyValue> values = new ArrayList<>(events.size());
        for (WatchEvent e : events) {
            values.add(transformed(e.kv()));
        }
        List<WatchEvent> out = new ArrayList<>(events.size());
        long last;
        state.writeLock().lock();
        try {
            for (int i = 0; i < events.size(); i++) {
                WatchEvent e = events.get(i);
                if (e.revision() <= appliedRevision) {
                    continue;
                }
                KeyValue kv = values.get(i);
                Optional<KeyValue> previous = Optional.ofNullable(e.type() == WatchEvent.Type.PUT
                        ? latest.put(kv.key(), kv)
                        : latest.remove(kv.key()));
                WatchEvent cached = new WatchEvent(e.type(), kv, previous);
                ring.add(cached);
                out.add(cached);
                appliedRevision = e.revision();
            }
            last = appliedRevision;
        } finally {
            state.writeLock().unlock();
        }
        fanout.publish(out);
        applied.advance(last);
    }

    /** The backend watch failed: end every watcher with the cause (their clients relist), then start over. */
    private void reload(Throwable cause) {
        LOG.warn("backend watch ended; closing {} watchers and reloading", fanout.size(), cause);
        backendWatch.ifPresent(Watch::close);
        backendWatch = Optional.empty();
        long backoffMillis = 100;
        while (!closed.get()) {
            try {
                load(Optional.of(cause));
                return;
            } catch (RuntimeException e) {
                LOG.warn("reloading the watch cache failed; retrying in {} ms", backoffMillis, e);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    /** Lists everything, then watches from the list's revision, so no change falls between the two. */
    private void load(Optional<Throwable> cause) {
        TreeMap<String, KeyValue> fresh = new TreeMap<>(Utf8KeyOrder.INSTANCE);
        ListPage page = backend.list("", 0, "", LOAD_PAGE);
        long revision = page.revision();
        while (true) {
            for (KeyValue kv : page.items()) {
                fresh.put(kv.key(), transformed(kv));
            }
            if (!page.more()) {
                break;
            }
            page = backend.list("", revision, page.lastKey(), LOAD_PAGE);
        }
        long gen = ++generation;
        Watch watch = backend.watch("", revision, new WatchListener() {
            @Override
            public void onEvent(WatchEvent event) {
                inbox.add(new Signal.Event(gen, event));
            }

            @Override
            public void onProgress(long progressRevision) {
                inbox.add(new Signal.Progress(gen, progressRevision));
            }

            @Override
            public void onClose(Optional<Throwable> why) {
                inbox.add(new Signal.Ended(gen, why));
            }
        });
        backendWatch = Optional.of(watch);
        state.writeLock().lock();
        try {
            latest.clear();
            latest.putAll(fresh);
            ring.reset(revision);
            appliedRevision = revision;
        } finally {
            state.writeLock().unlock();
        }
        fanout.restart(revision, cause);
        applied.advance(revision);
    }
}
