package dev.beluga.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers one ordered stream of events to many watchers, each filtered by key prefix. A watcher
 * that starts in the past first receives a replay (read outside the lock, so a slow replay does not
 * stall the publisher) while live events queue up for it; it switches to live delivery under the
 * lock once that queue is drained, so it sees neither a gap nor a duplicate.
 *
 * <p>{@link #publish} and {@link #progress} must be called by one thread at a time, in revision order.
 */
public final class WatchFanout {

    /** The changes in (afterRevision, upToRevision], in order; may throw to refuse the watch. */
    @FunctionalInterface
    public interface Replay {
        List<WatchEvent> events(long afterRevision, long upToRevision);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private long published;

    public WatchFanout(long startRevision) {
        this.published = startRevision;
    }

    /** The revision of the last published event (or of the last reset). */
    public long publishedRevision() {
        lock.lock();
        try {
            return published;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends every watch with {@code cause} and starts over at {@code revision}, atomically, so that no
     * watcher registered before the restart can see a gap across it.
     */
    public void restart(long revision, Optional<Throwable> cause) {
        lock.lock();
        try {
            closeAll(cause);
            published = revision;
        } finally {
            lock.unlock();
        }
    }

    public void publish(List<WatchEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            published = events.getLast().revision();
            for (Subscriber s : subscribers) {
                if (s.live) {
                    s.deliverAll(events);
                } else {
                    s.pending.addAll(events);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Tells every live watcher that all changes up to {@code revision} have been delivered. */
    public void progress(long revision) {
        lock.lock();
        try {
            for (Subscriber s : subscribers) {
                if (s.live) {
                    s.progress(revision);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers a watcher for changes after {@code afterRevision} (0 = after the last published one).
     * Replays synchronously before returning; exceptions from {@code replay} propagate and leave no
     * watcher behind (and no onClose call, since the watch never started).
     */
    public Watch subscribe(String prefix, long afterRevision, WatchListener listener, Replay replay) {
        Subscriber s;
        long upTo;
        lock.lock();
        try {
            upTo = published;
            long from = afterRevision == 0 ? upTo : afterRevision;
            s = new Subscriber(prefix, listener, from);
            s.live = from >= upTo;
            subscribers.add(s);
        } finally {
            lock.unlock();
        }
        if (s.live) {
            return s;
        }
        try {
            s.deliverAll(replay.events(s.delivered, upTo));
        } catch (RuntimeException e) {
            subscribers.remove(s);
            throw e;
        }
        while (true) {
            List<WatchEvent> queued;
            lock.lock();
            try {
                if (s.pending.isEmpty()) {
                    s.live = true;
                    return s;
                }
                queued = s.pending;
                s.pending = new ArrayList<>();
            } finally {
                lock.unlock();
            }
            s.deliverAll(queued);
        }
    }

    /** Ends every watch with {@code cause}. */
    public void closeAll(Optional<Throwable> cause) {
        lock.lock();
        try {
            for (Subscriber s : subscribers) {
                s.close(cause);
            }
            subscribers.clear();
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        return subscribers.size();
    }

    private final class Subscriber implements Watch {
        private final String prefix;
        private final WatchListener listener;
        // guarded by the fanout lock
        private boolean live;
        private List<WatchEvent> pending = new ArrayList<>();
        // guarded by this
        private long delivered;
        private boolean closed;

        Subscriber(String prefix, WatchListener listener, long from) {
            this.prefix = prefix;
            this.listener = listener;
            this.delivered = from;
        }

        synchronized void deliverAll(List<WatchEvent> events) {
            for (WatchEvent e : events) {
                if (closed) {
                    return;
                }
                if (e.revision() <= delivered) {
                    continue;
                }
                delivered = e.revision();
                if (!e.kv().key().startsWith(prefix)) {
                    continue;
                }
                try {
                    listener.onEvent(e);
                } catch (RuntimeException failure) {
                    close(Optional.of(failure));
                }
            }
        }

        synchronized void progress(long revision) {
            if (closed || revision < delivered) {
                return;
            }
            delivered = revision;
            try {
                listener.onProgress(revision);
            } catch (RuntimeException failure) {
                close(Optional.of(failure));
            }
        }

        synchronized void close(Optional<Throwable> cause) {
            if (closed) {
                return;
            }
            closed = true;
            subscribers.remove(this);
            listener.onClose(cause);
        }

        @Override
        public void close() {
            close(Optional.empty());
        }
    }
}
