package dev.beluga.client.queue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Upstream's rate-limited work queue: a key waits in the queue at most once however often it is added;
 * a key added while a worker holds it is processed again after {@link #done}, never by two workers at
 * once; failed keys come back after a per-item exponential backoff.
 */
public final class WorkQueue<K> implements AutoCloseable {
    private final String name;
    private final ItemBackoff<K> backoff;
    private final ArrayDeque<K> queue = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final ScheduledExecutorService timers;
    private boolean closed;

    public WorkQueue(String name, ItemBackoff<K> backoff) {
        this.name = name;
        this.backoff = backoff;
        this.timers = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("queue-" + name + "-timer").factory());
    }

    public static <K> WorkQueue<K> withDefaultBackoff(String name) {
        return new WorkQueue<>(name, ItemBackoff.controllerDefault());
    }

    public String name() {
        return name;
    }

    public synchronized void add(K key) {
        if (closed || dirty.contains(key)) return;
        dirty.add(key);
        if (processing.contains(key)) return;
        queue.addLast(key);
        notify();
    }

    public void addAfter(K key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        synchronized (this) {
            if (closed) return;
        }
        timers.schedule(() -> add(key), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    public void addRateLimited(K key) {
        addAfter(key, backoff.when(key));
    }

    public void forget(K key) {
        backoff.forget(key);
    }

    public int retries(K key) {
        return backoff.failures(key);
    }

    /** The next key to process, waiting for one; empty once the queue is closed. */
    public synchronized Optional<K> take() throws InterruptedException {
        while (queue.isEmpty() && !closed) wait();
        if (queue.isEmpty()) return Optional.empty();
        K key = queue.removeFirst();
        processing.add(key);
        dirty.remove(key);
        return Optional.of(key);
    }

    public synchronized void done(K key) {
        processing.remove(key);
        if (dirty.contains(key) && !closed) {
            queue.addLast(key);
            notify();
        }
    }

    public synchronized int length() {
        return queue.size();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
            notifyAll();
        }
        timers.shutdownNow();
    }
}
