package dev.beluga.storage.sqlite;

import dev.beluga.storage.StorageException;
import dev.beluga.storage.Store;
import dev.beluga.storage.WriteResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The floor to compare the API's write throughput against: plain JDBC inserts on the same disk with
 * the same durability settings, one transaction per insert and group-committed, then
 * {@link SqliteStore#create} through the SPI. Each phase runs for the given duration in its own
 * scratch directory under {@code dir}, which is removed afterwards.
 */
public final class RawInsertBenchmark {
    private static final int VALUE_SIZE = 1024;

    /** Inserts per second for each phase. */
    public record Result(double singleTxnPerSec, double batchedPerSec, double storePerSec) {}

    private record Insert(byte[] key, CompletableFuture<Void> done) {}

    private RawInsertBenchmark() {}

    public static Result run(Path dir, int writers, Duration duration) {
        if (writers < 1) {
            throw new IllegalArgumentException("writers must be at least 1, got " + writers);
        }
        Path scratch;
        try {
            Files.createDirectories(dir);
            scratch = Files.createTempDirectory(dir, "raw-insert-bench");
        } catch (IOException e) {
            throw new StorageException("cannot create benchmark directory under " + dir, e);
        }
        try {
            byte[] value = new byte[VALUE_SIZE];
            Arrays.fill(value, (byte) 'x');
            double single = singleTransactionPerInsert(scratch.resolve("single.db"), value, duration);
            double batched = groupCommitted(scratch.resolve("batched.db"), value, writers, duration);
            double store = throughStore(scratch.resolve("store.db"), value, writers, duration);
            return new Result(single, batched, store);
        } catch (SQLException e) {
            throw new StorageException("benchmark failed: " + e.getMessage(), e);
        } finally {
            deleteTree(scratch);
        }
    }

    private static double singleTransactionPerInsert(Path file, byte[] value, Duration duration) throws SQLException {
        try (Connection c = openTable(file); PreparedStatement insert = c.prepareStatement("INSERT INTO kv(key, value) VALUES (?, ?)")) {
            long n = 0;
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            while (System.nanoTime() < end) {
                insert.setBytes(1, key("single", 0, n));
                insert.setBytes(2, value);
                insert.executeUpdate();
                n++;
            }
            return perSecond(n, System.nanoTime() - start);
        }
    }

    /** Writers queue inserts and wait; one thread commits whatever is queued as one transaction. */
    private static double groupCommitted(Path file, byte[] value, int writers, Duration duration) throws SQLException {
        LinkedBlockingQueue<Insert> queue = new LinkedBlockingQueue<>();
        AtomicLong inserted = new AtomicLong();
        try (Connection c = openTable(file); PreparedStatement insert = c.prepareStatement("INSERT INTO kv(key, value) VALUES (?, ?)")) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            List<Thread> threads = startWriters(writers, end, (w, i) -> {
                Insert request = new Insert(key("batched", w, i), new CompletableFuture<>());
                queue.add(request);
                request.done().join();
            });
            List<Insert> batch = new ArrayList<>();
            while (threads.stream().anyMatch(Thread::isAlive) || !queue.isEmpty()) {
                Insert first;
                try {
                    first = queue.poll(10, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("benchmark interrupted", e);
                }
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                for (Insert i : batch) {
                    insert.setBytes(1, i.key());
                    insert.setBytes(2, value);
                    insert.executeUpdate();
                }
                c.commit();
                inserted.addAndGet(batch.size());
                batch.forEach(i -> i.done().complete(null));
                batch.clear();
            }
            joinAll(threads);
            return perSecond(inserted.get(), System.nanoTime() - start);
        }
    }

    private static double throughStore(Path file, byte[] value, int writers, Duration duration) {
        AtomicLong created = new AtomicLong();
        try (Store store = SqliteStore.open(file)) {
            long start = System.nanoTime();
            List<Thread> threads = startWriters(writers, start + duration.toNanos(), (w, i) -> {
                if (store.create(new String(key("/bench/", w, i), StandardCharsets.UTF_8), value) instanceof WriteResult.Ok) {
                    created.incrementAndGet();
                }
            });
            joinAll(threads);
            return perSecond(created.get(), System.nanoTime() - start);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run(int writer, long index);
    }

    private static List<Thread> startWriters(int writers, long endNanos, Step step) {
        List<Thread> threads = new ArrayList<>(writers);
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().daemon().name("bench-writer-" + w).start(() -> {
                for (long i = 0; System.nanoTime() < endNanos; i++) {
                    step.run(writer, i);
                }
            }));
        }
        return threads;
    }

    private static void joinAll(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("benchmark interrupted", e);
            }
        }
    }

    private static Connection openTable(Path file) throws SQLException {
        Connection c = SqliteFiles.connect(file);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS kv (key BLOB PRIMARY KEY, value BLOB NOT NULL)");
        }
        return c;
    }

    private static byte[] key(String prefix, int writer, long index) {
        return (prefix + writer + "/" + index).getBytes(StandardCharsets.UTF_8);
    }

    private static double perSecond(long count, long nanos) {
        return nanos <= 0 ? 0 : count * 1e9 / nanos;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new StorageException("cannot remove benchmark directory " + root, e);
        }
    }
}
