package dev.beluga.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Collects what a watch delivers and lets a test wait for it. Waiting is bounded only so a broken store
 * fails the test instead of hanging it; nothing asserts on how long anything took.
 */
public final class RecordingListener implements WatchListener {
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final List<WatchEvent> events = new ArrayList<>();
    private final List<Long> progress = new ArrayList<>();
    private final List<Optional<Throwable>> closes = new ArrayList<>();

    @Override
    public synchronized void onEvent(WatchEvent event) {
        events.add(event);
        notifyAll();
    }

    @Override
    public synchronized void onProgress(long revision) {
        progress.add(revision);
        notifyAll();
    }

    @Override
    public synchronized void onClose(Optional<Throwable> cause) {
        closes.add(cause);
        notifyAll();
    }

    public synchronized List<WatchEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<Optional<Throwable>> closes() {
        return List.copyOf(closes);
    }

    public synchronized List<Long> progress() {
        return List.copyOf(progress);
    }

    /** Waits until at least {@code n} events arrived and returns all of them. */
    public synchronized List<WatchEvent> awaitEvents(int n) {
        waitFor(() -> events.size() >= n, "at least " + n + " events, got " + events.size());
        return List.copyOf(events);
    }

    /** Waits for an event with this revision (or later) and returns all events so far. */
    public synchronized List<WatchEvent> awaitRevision(long revision) {
        waitFor(() -> !events.isEmpty() && events.getLast().revision() >= revision,
                "an event at revision " + revision + ", got " + events);
        return List.copyOf(events);
    }

    public synchronized Optional<Throwable> awaitClose() {
        waitFor(() -> !closes.isEmpty(), "onClose");
        return closes.getFirst();
    }

    public synchronized long awaitProgress(long atLeast) {
        waitFor(() -> !progress.isEmpty() && progress.getLast() >= atLeast, "progress at " + atLeast + ", got " + progress);
        return progress.getLast();
    }

    private void waitFor(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("watch never delivered " + what);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
