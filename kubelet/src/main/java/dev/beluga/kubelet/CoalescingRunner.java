package dev.beluga.kubelet;

import java.util.function.BooleanSupplier;

/**
 * Runs one task on virtual threads, one run at a time: a trigger while a run is under way makes
 * exactly one more run follow it, however many triggers came, and no thread exists between runs.
 * How the pod workers and the mirror pod keeper turn events from any thread into serialized work.
 */
public final class CoalescingRunner {
    private final String threadName;
    private final BooleanSupplier task;
    private boolean running;
    private boolean pending;
    private volatile boolean closed;

    /** @param task one run; false when nothing is to run ever again (as if closed) */
    public CoalescingRunner(String threadName, BooleanSupplier task) {
        this.threadName = threadName;
        this.task = task;
    }

    /** Asks for a run; cheap and non-blocking, callable from any thread. Ignored once closed. */
    public void trigger() {
        synchronized (this) {
            if (closed) return;
            if (running) {
                pending = true;
                return;
            }
            running = true;
        }
        Thread.ofVirtual().name(threadName).start(this::loop);
    }

    /** No run starts after this one; a run under way finishes. */
    public synchronized void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }

    private void loop() {
        while (true) {
            boolean more = task.getAsBoolean();
            synchronized (this) {
                if (!more) closed = true;
                if (closed || !pending) {
                    running = false;
                    return;
                }
                pending = false;
            }
        }
    }
}
