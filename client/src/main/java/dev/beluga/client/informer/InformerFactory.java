package dev.beluga.client.informer;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands out informers: one shared informer per kind for everything in the cluster (so the scheduler
 * and every controller in a process watch pods once), and private ones for narrower selections (a
 * kubelet's pods on its node). Informers created after {@link #start()} start at once.
 */
public final class InformerFactory implements AutoCloseable {
    private final Client client;
    private final Map<Kind<?>, WatchingInformer<?>> shared = new ConcurrentHashMap<>();
    private final List<WatchingInformer<?>> all = new CopyOnWriteArrayList<>();
    private volatile boolean started;

    public InformerFactory(Client client) {
        this.client = client;
    }

    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> SharedInformer<T> informer(Kind<T> kind) {
        return (SharedInformer<T>) shared.computeIfAbsent(kind, k -> track(new WatchingInformer<>(client, kind, "", "", "")));
    }

    public <T extends HasMetadata> SharedInformer<T> informer(Kind<T> kind, String namespace, String labelSelector, String fieldSelector) {
        return track(new WatchingInformer<>(client, kind, namespace, labelSelector, fieldSelector));
    }

    private <T extends HasMetadata> WatchingInformer<T> track(WatchingInformer<T> informer) {
        all.add(informer);
        if (started) informer.start();
        return informer;
    }

    public void start() {
        started = true;
        for (WatchingInformer<?> i : all) i.start();
    }

    /** Waits until every informer created so far has listed once; false on timeout. */
    public boolean waitForSync(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (WatchingInformer<?> i : all) {
            while (!i.hasSynced()) {
                if (System.nanoTime() > deadline) return false;
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        for (WatchingInformer<?> i : all) i.close();
    }
}
