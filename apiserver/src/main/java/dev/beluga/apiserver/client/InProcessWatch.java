package dev.beluga.apiserver.client;

import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.apiserver.registry.ListOptions;
import dev.beluga.apiserver.registry.ListResult;
import dev.beluga.apiserver.registry.ObjectRegistry;
import dev.beluga.apiserver.registry.WatchSelection;
import dev.beluga.client.Kind;
import dev.beluga.client.WatchHandle;
import dev.beluga.client.WatchHandler;
import dev.beluga.storage.CompactedException;
import dev.beluga.storage.StorageException;
import dev.beluga.storage.Watch;
import dev.beluga.storage.WatchEvent;
import dev.beluga.storage.WatchListener;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One in-process watch, as the HTTP watch serves it: from "" or "0" the current state first as ADDED
 * events, then every change after that list's revision; selectors turn changes into what this
 * watcher sees ({@link WatchSelection}); progress notifications become bookmarks when asked; a
 * compacted resourceVersion ends it with 410 Expired.
 *
 * <p>The store notifies on its own thread, which must never wait for a handler: changes go to a
 * queue, and one virtual thread per watch decodes them and calls the handler, in order. A watcher
 * that falls {@value #BACKLOG} changes behind (as the HTTP watch allows) is ended with 410 and
 * relists.
 */
final class InProcessWatch<T extends HasMetadata> implements WatchHandle, WatchListener {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessWatch.class);
    static final int BACKLOG = 10_000;

    /** How a watch starts: with the current state to send first (empty when following from a resourceVersion), or failed. */
    sealed interface Start {
        record Initial(List<byte[]> items) implements Start {}

        record Failed(StatusException error) implements Start {}
    }

    private sealed interface Item {}
    private record Change(WatchHandler.EventType type, byte[] value) implements Item {}
    private record Progress(long revision) implements Item {}
    private record Ended(Optional<Throwable> cause) implements Item {}
    private record Stop() implements Item {}

    private final Kind<T> kind;
    private final boolean bookmarks;
    private final WatchHandler<T> handler;
    private final Consumer<InProcessWatch<T>> onEnd;
    private final int backlogLimit;
    // Unbounded so that control items always fit; changes are counted against BACKLOG.
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicBoolean overflow = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile Watch storeWatch;
    // Set by open before it subscribes (the store's publication orders it for the notifying thread); empty for a failed start.
    private volatile Optional<WatchSelection> selection = Optional.empty();

    InProcessWatch(Kind<T> kind, boolean bookmarks, WatchHandler<T> handler, Consumer<InProcessWatch<T>> onEnd) {
        this(kind, bookmarks, handler, onEnd, BACKLOG);
    }

    InProcessWatch(Kind<T> kind, boolean bookmarks, WatchHandler<T> handler, Consumer<InProcessWatch<T>> onEnd, int backlogLimit) {
        this.backlogLimit = backlogLimit;
        this.kind = kind;
        this.bookmarks = bookmarks;
        this.handler = handler;
        this.onEnd = onEnd;
    }

    /**
     * Lists (from ""/"0") and subscribes, on the caller's thread. A bad or compacted resourceVersion
     * is a failed start, reported through onClose as the HTTP watch reports it in its stream;
     * storage failures throw.
     */
    Start open(ObjectRegistry registry, String namespace, ListOptions options) {
        selection = Optional.of(new WatchSelection(options, kind.type() == ResourceRegistry.PODS));
        String prefix = ObjectRegistry.prefix(kind.type(), namespace);
        String rv = options.resourceVersion() == null ? "" : options.resourceVersion();
        if (rv.isEmpty() || rv.equals("0")) {
            ListResult current = registry.list(kind.type(), namespace, new ListOptions(options.labels(), options.fields(), 0, Optional.empty(), ""));
            storeWatch = registry.store().watch(prefix, current.revision(), this);
            return new Start.Initial(current.items());
        }
        long from;
        try {
            from = Long.parseLong(rv);
        } catch (NumberFormatException e) {
            return new Start.Failed(StatusException.badRequest("invalid resource version: " + rv));
        }
        try {
            storeWatch = registry.store().watch(prefix, from, this);
        } catch (CompactedException e) {
            return new Start.Failed(StatusException.expired("too old resource version: " + from + " (" + (e.compacted() + 1) + ")"));
        }
        return new Start.Initial(List.of());
    }

    /** Starts the one virtual thread that calls the handler. */
    void deliver(Start start, String threadName) {
        Thread.ofVirtual().name(threadName).start(() -> {
            switch (start) {
                case Start.Initial i -> run(i.items(), Optional.empty());
                case Start.Failed f -> run(List.of(), Optional.of(f.error()));
            }
        });
    }

    boolean ended() {
        return ended.get();
    }

    // ---------------------------------------------------------------- store side (never blocks)

    /**
     * Selection happens here, on the store's thread: with a thousand kubelets each watching its own
     * node's pods, most changes concern none of them, and dropping those costs a field comparison
     * on a tree parsed once for all (WatchSelection) instead of a queue hand-off and a thread wake-up
     * per watcher.
     */
    @Override
    public void onEvent(WatchEvent event) {
        if (overflow.get() || stopped) return;
        Optional<WatchSelection.Seen> seen = selection.orElseThrow().seen(event);
        if (seen.isEmpty()) return;
        if (backlog.incrementAndGet() > backlogLimit) {
            overflow.set(true);
            queue.offer(new Stop());
            return;
        }
        queue.offer(new Change(type(seen.get()), event.kv().value()));
    }

    @Override
    public void onProgress(long revision) {
        if (bookmarks) queue.offer(new Progress(revision));
    }

    @Override
    public void onClose(Optional<Throwable> cause) {
        queue.offer(new Ended(cause));
    }

    // ---------------------------------------------------------------- caller side

    @Override
    public void close() {
        stopped = true;
        queue.offer(new Stop());
    }

    // ---------------------------------------------------------------- delivery thread

    private void run(List<byte[]> initial, Optional<StatusException> startFailure) {
        Optional<StatusException> error = startFailure;
        try {
            if (error.isPresent()) return;
            for (byte[] item : initial) {
                if (stopped || overflow.get()) break;
                dispatch(WatchHandler.EventType.ADDED, item);
            }
            while (!stopped) {
                if (overflow.get()) {
                    error = Optional.of(StatusException.of(410, "Expired", "the watch fell behind by more than " + backlogLimit + " changes; list again", null));
                    return;
                }
                switch (queue.take()) {
                    case Change c -> {
                        backlog.decrementAndGet();
                        if (!stopped) dispatch(c.type(), c.value());
                    }
                    case Progress p -> {
                        if (!stopped) bookmark(p.revision());
                    }
                    case Ended e -> {
                        error = e.cause().map(InProcessWatch::statusOf);
                        return;
                    }
                    case Stop s -> {
                        // Closed or overflowing: the loop's checks decide.
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Watch w = storeWatch;
            if (w != null) w.close();
            end(stopped ? Optional.empty() : error);
        }
    }

    private void dispatch(WatchHandler.EventType type, byte[] stored) {
        T object;
        try {
            object = ModelReaders.decode(kind, stored);
        } catch (RuntimeException e) {
            LOG.error("watch of {}: undecodable stored object skipped", kind, e);
            return;
        }
        try {
            handler.onEvent(type, object);
        } catch (RuntimeException e) {
            // A handler's bug must not end the stream (and every later event) for it; it is reported, and the watch goes on.
            LOG.error("watch of {}: handler failed on {} {}", kind, type, object.getMetadata() == null ? "" : object.getMetadata().getName(), e);
        }
    }

    private void bookmark(long revision) {
        try {
            handler.onBookmark(Long.toString(revision));
        } catch (RuntimeException e) {
            LOG.error("watch of {}: handler failed on a bookmark", kind, e);
        }
    }

    /** Exactly one onClose per watch, whoever ends it. */
    void end(Optional<StatusException> error) {
        if (!ended.compareAndSet(false, true)) return;
        onEnd.accept(this);
        try {
            handler.onClose(error);
        } catch (RuntimeException e) {
            LOG.error("watch of {}: handler failed on close", kind, e);
        }
    }

    private static WatchHandler.EventType type(WatchSelection.Seen seen) {
        return switch (seen) {
            case ADDED -> WatchHandler.EventType.ADDED;
            case MODIFIED -> WatchHandler.EventType.MODIFIED;
            case DELETED -> WatchHandler.EventType.DELETED;
        };
    }

    /** Why the store ended the watch, as the Status an informer acts on. */
    private static StatusException statusOf(Throwable cause) {
        return switch (cause) {
            case StatusException s -> s;
            case StorageException s -> dev.beluga.apiserver.registry.StorageFailure.status(s);
            default -> StatusException.internal("watch ended: " + cause);
        };
    }
}
