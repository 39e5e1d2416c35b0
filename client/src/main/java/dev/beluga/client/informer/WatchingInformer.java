package dev.beluga.client.informer;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.ObjectList;
import dev.beluga.client.WatchHandle;
import dev.beluga.client.WatchHandler;
import dev.beluga.client.WatchRequest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's reflector and shared informer in one: list, then watch from the list's resourceVersion;
 * a watch that ends is resumed from the last seen resourceVersion, one that ends with 410 Expired (or
 * any error) relists, and the relist turns into the adds, updates and deletes the cache missed.
 */
final class WatchingInformer<T extends HasMetadata> implements SharedInformer<T>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WatchingInformer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Client client;
    private final Kind<T> kind;
    private final String namespace;
    private final String labelSelector;
    private final String fieldSelector;
    private final InformerCache<T> cache = new InformerCache<>();
    private final List<ResourceHandler<T>> handlers = new CopyOnWriteArrayList<>();
    /** Held while the cache changes and handlers hear of it, so a handler added meanwhile misses nothing. */
    private final ReentrantLock delivery = new ReentrantLock();
    private volatile String resourceVersion = "";
    private volatile boolean synced;
    private volatile boolean closed;
    private volatile WatchHandle watch;
    private Thread thread;

    WatchingInformer(Client client, Kind<T> kind, String namespace, String labelSelector, String fieldSelector) {
        this.client = client;
        this.kind = kind;
        this.namespace = namespace;
        this.labelSelector = labelSelector;
        this.fieldSelector = fieldSelector;
    }

    synchronized void start() {
        if (thread != null || closed) return;
        thread = Thread.ofVirtual().name("informer-" + kind).start(this::run);
    }

    @Override
    public void addHandler(ResourceHandler<T> handler) {
        delivery.lock();
        try {
            handlers.add(handler);
            for (T o : cache.list()) handler.onAdd(o);
        } finally {
            delivery.unlock();
        }
    }

    @Override
    public void addIndex(String name, Function<T, List<String>> indexFunction) {
        delivery.lock();
        try {
            cache.addIndex(name, indexFunction);
        } finally {
            delivery.unlock();
        }
    }

    @Override
    public Lister<T> lister() {
        return cache;
    }

    @Override
    public boolean hasSynced() {
        return synced;
    }

    @Override
    public String lastSyncResourceVersion() {
        return resourceVersion;
    }

    private void run() {
        long backoffMillis = 0;
        boolean relist = true;
        while (!closed) {
            try {
                if (relist) relist();
                Optional<StatusException> end = watchUntilEnd();
                if (closed) return;
                if (end.isEmpty()) {
                    relist = false;
                    backoffMillis = 0;
                    continue;
                }
                relist = true;
                if (end.get().code() == 410) {
                    backoffMillis = 0;
                    continue;
                }
                throw end.get();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) return;
                relist = true;
                backoffMillis = Math.min(MAX_BACKOFF.toMillis(), Math.max(250, backoffMillis * 2));
                log.warn("{} informer: {}; retrying in {} ms", kind, e.getMessage(), backoffMillis);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void relist() {
        ObjectList<T> list = client.list(kind, namespace, new ListRequest(labelSelector, fieldSelector, 0, "", ""));
        delivery.lock();
        try {
            Set<String> seen = new HashSet<>();
            for (T o : list.items()) {
                seen.add(InformerCache.keyOf(o));
                apply(WatchHandler.EventType.MODIFIED, o);
            }
            for (String key : cache.keys()) {
                if (!seen.contains(key)) cache.remove(key).ifPresent(gone -> handlers.forEach(h -> notify(() -> h.onDelete(gone))));
            }
            resourceVersion = list.resourceVersion();
            synced = true;
        } finally {
            delivery.unlock();
        }
    }

    private Optional<StatusException> watchUntilEnd() throws InterruptedException {
        BlockingQueue<Optional<StatusException>> ended = new ArrayBlockingQueue<>(1);
        WatchRequest request = new WatchRequest(labelSelector, fieldSelector, resourceVersion, true);
        watch = client.watch(kind, namespace, request, new WatchHandler<>() {
            @Override
            public void onEvent(EventType type, T object) {
                delivery.lock();
                try {
                    apply(type, object);
                    String rv = object.getMetadata().getResourceVersion();
                    if (rv != null && !rv.isEmpty()) resourceVersion = rv;
                } finally {
                    delivery.unlock();
                }
            }

            @Override
            public void onBookmark(String rv) {
                resourceVersion = rv;
            }

            @Override
            public void onClose(Optional<StatusException> error) {
                ended.offer(error);
            }
        });
        if (closed) watch.close();
        return ended.take();
    }

    /** Caller holds {@link #delivery}. A MODIFIED for an unknown object is an add (relists use it that way). */
    private void apply(WatchHandler.EventType type, T object) {
        if (type == WatchHandler.EventType.DELETED) {
            Optional<T> gone = cache.remove(InformerCache.keyOf(object));
            T last = gone.orElse(object);
            handlers.forEach(h -> notify(() -> h.onDelete(last)));
            return;
        }
        Optional<T> previous = cache.put(object);
        if (previous.isPresent()) {
            T before = previous.get();
            handlers.forEach(h -> notify(() -> h.onUpdate(before, object)));
        } else {
            handlers.forEach(h -> notify(() -> h.onAdd(object)));
        }
    }

    /** A failing handler must not stop the informer or starve the other handlers. */
    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("{} informer handler failed", kind, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        WatchHandle w = watch;
        if (w != null) w.close();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) t.interrupt();
    }
}
