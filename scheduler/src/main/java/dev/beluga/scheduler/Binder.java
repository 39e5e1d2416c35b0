package dev.beluga.scheduler;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.scheduler.cache.SchedulerCache;
import dev.beluga.scheduler.framework.PodInfo;
import dev.beluga.scheduler.queue.QueuedPod;
import dev.beluga.scheduler.queue.SchedulingQueue;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes bindings (POST pods/binding) off the scheduling thread, several at once on virtual
 * threads, so the next decision does not wait for the API (upstream's binding cycle). On success the
 * pod gets its Scheduled event; on failure the assumed pod is forgotten and the pod retried after its
 * backoff (unless it is gone or bound already, which the informer will tell).
 */
final class Binder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Binder.class);

    private final Client client;
    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final EventRecorder events;
    private final Semaphore slots;
    /** Used by the scheduling thread only (builders are not thread-safe); numbers the binding threads. */
    private final Thread.Builder threads = Thread.ofVirtual().name("bind-", 0);
    private final int maxInFlight;
    private volatile boolean closed;

    Binder(Client client, SchedulerCache cache, SchedulingQueue queue, EventRecorder events, int maxInFlight) {
        this.client = client;
        this.cache = cache;
        this.queue = queue;
        this.events = events;
        this.maxInFlight = maxInFlight;
        this.slots = new Semaphore(maxInFlight);
    }

    /** Starts binding the assumed pod; waits only when {@code maxInFlight} bindings are already running. */
    void bind(QueuedPod queued, String node) throws InterruptedException {
        slots.acquire();
        try {
            threads.start(() -> {
                try {
                    write(queued, node);
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    private void write(QueuedPod queued, String node) {
        PodInfo pod = queued.pod();
        try {
            client.bind(pod.namespace(), pod.pod().getMetadata().getName(), pod.uid(), node);
        } catch (RuntimeException e) {
            cache.forget(pod);
            if (e instanceof StatusException s && s.code() == 404) {
                queue.done(queued); // gone: its delete event follows
            } else {
                // Also for 409 (bound already, being deleted): the informer's event for that takes the pod out of the queue.
                if (!closed) log.warn("binding {} to {} failed; retrying after backoff: {}", pod.key(), node, e.getMessage());
                queue.requeueAfterError(queued);
            }
            return;
        }
        queue.done(queued);
        events.normal(pod.pod(), "Scheduled", "Successfully assigned " + pod.key() + " to " + node);
    }

    /** Waits (bounded) for running bindings to finish. */
    @Override
    public void close() {
        closed = true;
        try {
            if (slots.tryAcquire(maxInFlight, 10, java.util.concurrent.TimeUnit.SECONDS)) slots.release(maxInFlight);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
