package dev.beluga.client.control;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.queue.WorkQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin loop around a reconciler: workers take keys off the queue, reconcile them, forget their
 * backoff on success and requeue them with backoff on failure. A conflict (409) is the normal sign
 * of a stale cache and is retried quietly.
 */
public final class ReconcileLoop<K> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReconcileLoop.class);

    private final WorkQueue<K> queue;
    private final List<Thread> workers = new ArrayList<>();

    private ReconcileLoop(WorkQueue<K> queue) {
        this.queue = queue;
    }

    public static <K> ReconcileLoop<K> start(String name, WorkQueue<K> queue, int workers, Reconciler<K> reconciler) {
        ReconcileLoop<K> loop = new ReconcileLoop<>(queue);
        for (int i = 0; i < workers; i++) {
            loop.workers.add(Thread.ofVirtual().name(name + "-worker-" + i).start(() -> loop.work(name, reconciler)));
        }
        return loop;
    }

    private void work(String name, Reconciler<K> reconciler) {
        while (true) {
            Optional<K> next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (next.isEmpty()) return;
            K key = next.get();
            try {
                reconciler.reconcile(key);
                queue.forget(key);
            } catch (InterruptedException e) {
                return;
            } catch (StatusException e) {
                if (e.code() == 409) log.debug("{}: {} conflicted, retrying: {}", name, key, e.getMessage());
                else log.warn("{}: {} failed ({} {}), retrying: {}", name, key, e.code(), e.reason(), e.getMessage());
                queue.addRateLimited(key);
            } catch (Exception e) {
                log.warn("{}: {} failed, retrying", name, key, e);
                queue.addRateLimited(key);
            } finally {
                queue.done(key);
            }
        }
    }

    @Override
    public void close() {
        queue.close();
        for (Thread t : workers) t.interrupt();
    }
}
