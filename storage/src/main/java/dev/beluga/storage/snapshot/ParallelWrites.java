package dev.beluga.storage.snapshot;

import dev.beluga.storage.StorageException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps a bounded number of SPI writes in flight (each on a virtual thread): one write at a time
 * would make a restore into etcd wait one round trip per key. The first failure stops new writes
 * and is rethrown by {@link #close()}.
 */
final class ParallelWrites implements AutoCloseable {
    static final int IN_FLIGHT = 64;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    /** Runs {@code write} once a slot is free. @throws RuntimeException an earlier write's failure */
    void submit(Runnable write) {
        rethrow();
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while restoring", e);
        }
        executor.execute(() -> {
            try {
                if (failure.get() == null) {
                    write.run();
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                slots.release();
            }
        });
    }

    /** Waits for every write. @throws RuntimeException the first failure */
    @Override
    public void close() {
        executor.close();
        rethrow();
    }

    private void rethrow() {
        RuntimeException e = failure.get();
        if (e != null) {
            executor.shutdownNow();
            throw e;
        }
    }
}
