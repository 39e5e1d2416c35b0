package dev.beluga.storage.sqlite;

import dev.beluga.storage.FutureRevisionException;
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.StorageException;
import dev.beluga.storage.WatchEvent;
import dev.beluga.storage.WatchFanout;
import dev.beluga.storage.WriteResult;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: takes every queued request, applies them in order in one transaction, commits
 * (one fsync for the whole batch), then publishes the watch events and completes the callers.
 */
final class SqliteWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteWriter.class);
    private static final int MAX_BATCH = 4096;

    sealed interface Request {}

    record Write(WriteOp op, CompletableFuture<WriteResult> done) implements Request {}

    record Compaction(long revision, CompletableFuture<Void> done) implements Request {}

    private record Stop() implements Request {}

    private record Applied(WriteResult result, Optional<WatchEvent> event) {}

    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Connection conn;
    private final WatchFanout fanout;
    private final PreparedStatement selectCurrent;
    private final PreparedStatement insertHistory;
    private final PreparedStatement insertCurrent;
    private final PreparedStatement updateCurrent;
    private final PreparedStatement deleteCurrent;
    private final PreparedStatement updateMeta;
    private final PreparedStatement compactHistory;
    private final Thread thread;
    private long revision;
    private long compacted;
    private volatile long committedRevision;
    private volatile long compactedRevision;
    private volatile boolean stopped;

    SqliteWriter(Connection conn, long revision, long compacted, WatchFanout fanout) throws SQLException {
        this.conn = conn;
        this.fanout = fanout;
        this.revision = revision;
        this.compacted = compacted;
        this.committedRevision = revision;
        this.compactedRevision = compacted;
        conn.setAutoCommit(false);
        selectCurrent = conn.prepareStatement("SELECT create_rev, mod_rev, value FROM current WHERE key = ?");
        insertHistory = conn.prepareStatement(
                "INSERT INTO history(rev, key, create_rev, value, deleted, prev_rev) VALUES (?, ?, ?, ?, ?, ?)");
        insertCurrent = conn.prepareStatement("INSERT OR IGNORE INTO current(key, create_rev, mod_rev, value) VALUES (?, ?, ?, ?)");
        updateCurrent = conn.prepareStatement("UPDATE current SET mod_rev = ?, value = ? WHERE key = ?");
        deleteCurrent = conn.prepareStatement("DELETE FROM current WHERE key = ?");
        updateMeta = conn.prepareStatement("UPDATE meta SET value = ? WHERE name = ?");
        // Keeps, per key, the newest row at or below the revision unless it is a deletion.
        compactHistory = conn.prepareStatement("""
                DELETE FROM history WHERE rev <= ?1 AND (deleted = 1 OR rev <
                  (SELECT max(h2.rev) FROM history h2 WHERE h2.key = history.key AND h2.rev <= ?1))""");
        thread = Thread.ofPlatform().name("sqlite-writer").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    long committedRevision() {
        return committedRevision;
    }

    long compactedRevision() {
        return compactedRevision;
    }

    WriteResult write(WriteOp op) {
        CompletableFuture<WriteResult> done = new CompletableFuture<>();
        submit(new Write(op, done));
        return await(done);
    }

    void compact(long target) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(new Compaction(target, done));
        await(done);
    }

    private void submit(Request request) {
        queue.add(request);
        if (stopped) {
            failQueued();
        }
    }

    private static <T> T await(CompletableFuture<T> done) {
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for the write to commit", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("write failed", e.getCause());
        }
    }

    private void run() {
        List<Request> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = batch.removeIf(r -> r instanceof Stop);
                if (!batch.isEmpty()) {
                    process(batch);
                }
                batch.clear();
                if (stop) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("SQLite writer stopped unexpectedly", e);
            fail(batch, new StorageException("SQLite writer stopped", e));
        } finally {
            stopped = true;
            failQueued();
        }
    }

    private void process(List<Request> batch) {
        long startRevision = revision;
        long startCompacted = compacted;
        List<Applied> applied = new ArrayList<>(batch.size());
        List<WatchEvent> events = new ArrayList<>(batch.size());
        try {
            for (Request r : batch) {
                switch (r) {
                    case Write w -> {
                        Applied a = apply(w.op());
                        applied.add(a);
                        a.event().ifPresent(events::add);
                    }
                    case Compaction c -> compactTo(c.revision());
                    case Stop s -> throw new IllegalStateException("stop requests are filtered before processing");
                }
            }
            if (revision != startRevision) {
                setMeta("revision", revision);
            }
            if (compacted != startCompacted) {
                setMeta("compacted", compacted);
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            revision = startRevision;
            compacted = startCompacted;
            try {
                conn.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            fail(batch, e instanceof StorageException se ? se : new StorageException("SQLite write failed: " + e.getMessage(), e));
            return;
        }
        committedRevision = revision;
        compactedRevision = compacted;
        fanout.publish(events);
        int next = 0;
        for (Request r : batch) {
            switch (r) {
                case Write w -> w.done().complete(applied.get(next++).result());
                case Compaction c -> c.done().complete(null);
                case Stop s -> { }
            }
        }
    }

    private Applied apply(WriteOp op) throws SQLException {
        byte[] key = op.key().getBytes(StandardCharsets.UTF_8);
        return switch (op) {
            case WriteOp.Create c -> create(c, key);
            case WriteOp.Update u -> update(u, key);
            case WriteOp.Delete d -> delete(d, key);
        };
    }

    /** Creates dominate, so the insert goes first and the current value is read only when it loses. */
    private Applied create(WriteOp.Create c, byte[] key) throws SQLException {
        long rev = revision + 1;
        insertCurrent.setBytes(1, key);
        insertCurrent.setLong(2, rev);
        insertCurrent.setLong(3, rev);
        insertCurrent.setBytes(4, c.value());
        if (insertCurrent.executeUpdate() == 0) {
            KeyValue current = readCurrent(c.key(), key)
                    .orElseThrow(() -> new StorageException("key " + c.key() + " was neither inserted nor present"));
            return new Applied(new WriteResult.AlreadyExists(current), Optional.empty());
        }
        revision = rev;
        appendHistory(rev, key, rev, c.value(), false, 0);
        KeyValue kv = new KeyValue(c.key(), c.value(), rev, rev);
        return new Applied(new WriteResult.Ok(kv), Optional.of(new WatchEvent(WatchEvent.Type.PUT, kv, Optional.empty())));
    }

    private Applied update(WriteOp.Update u, byte[] key) throws SQLException {
        Optional<KeyValue> current = readCurrent(u.key(), key);
        Optional<WriteResult> refused = refuse(current, u.expectedModRevision());
        if (refused.isPresent()) {
            return new Applied(refused.get(), Optional.empty());
        }
        KeyValue before = current.orElseThrow();
        long rev = ++revision;
        appendHistory(rev, key, before.createRevision(), u.value(), false, before.modRevision());
        updateCurrent.setLong(1, rev);
        updateCurrent.setBytes(2, u.value());
        updateCurrent.setBytes(3, key);
        updateCurrent.executeUpdate();
        KeyValue kv = new KeyValue(u.key(), u.value(), before.createRevision(), rev);
        return new Applied(new WriteResult.Ok(kv), Optional.of(new WatchEvent(WatchEvent.Type.PUT, kv, current)));
    }

    private Applied delete(WriteOp.Delete d, byte[] key) throws SQLException {
        Optional<KeyValue> current = readCurrent(d.key(), key);
        Optional<WriteResult> refused = refuse(current, d.expectedModRevision());
        if (refused.isPresent()) {
            return new Applied(refused.get(), Optional.empty());
        }
        KeyValue before = current.orElseThrow();
        long rev = ++revision;
        appendHistory(rev, key, before.createRevision(), before.value(), true, before.modRevision());
        deleteCurrent.setBytes(1, key);
        deleteCurrent.executeUpdate();
        KeyValue kv = new KeyValue(d.key(), before.value(), before.createRevision(), rev);
        return new Applied(new WriteResult.Ok(kv), Optional.of(new WatchEvent(WatchEvent.Type.DELETE, kv, current)));
    }

    private static Optional<WriteResult> refuse(Optional<KeyValue> current, long expectedModRevision) {
        if (current.isEmpty()) {
            return Optional.of(new WriteResult.NotFound());
        }
        if (expectedModRevision != 0 && expectedModRevision != current.get().modRevision()) {
            return Optional.of(new WriteResult.Conflict(current.get()));
        }
        return Optional.empty();
    }

    private Optional<KeyValue> readCurrent(String keyText, byte[] key) throws SQLException {
        selectCurrent.setBytes(1, key);
        try (ResultSet rs = selectCurrent.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new KeyValue(keyText, rs.getBytes(3), rs.getLong(1), rs.getLong(2)));
        }
    }

    private void appendHistory(long rev, byte[] key, long createRev, byte[] value, boolean deleted, long prevRev)
            throws SQLException {
        insertHistory.setLong(1, rev);
        insertHistory.setBytes(2, key);
        insertHistory.setLong(3, createRev);
        insertHistory.setBytes(4, value);
        insertHistory.setInt(5, deleted ? 1 : 0);
        insertHistory.setLong(6, prevRev);
        insertHistory.executeUpdate();
    }

    private void compactTo(long target) throws SQLException {
        if (target > revision) {
            throw new FutureRevisionException(target, revision);
        }
        if (target <= compacted) {
            return;
        }
        compactHistory.setLong(1, target);
        int removed = compactHistory.executeUpdate();
        compacted = target;
        LOG.debug("compacted to revision {}: removed {} history rows", target, removed);
    }

    private void setMeta(String name, long value) throws SQLException {
        updateMeta.setLong(1, value);
        updateMeta.setString(2, name);
        updateMeta.executeUpdate();
    }

    private void fail(List<Request> requests, StorageException cause) {
        for (Request r : requests) {
            switch (r) {
                case Write w -> w.done().completeExceptionally(cause);
                case Compaction c -> c.done().completeExceptionally(cause);
                case Stop s -> { }
            }
        }
    }

    private void failQueued() {
        StorageException closed = new StorageException("store is closed");
        Request r;
        while ((r = queue.poll()) != null) {
            fail(List.of(r), closed);
        }
    }

    /** Finishes the queued writes, stops the thread and closes the connection. */
    @Override
    public void close() {
        queue.add(new Stop());
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            conn.close();
        } catch (SQLException e) {
            LOG.warn("closing the SQLite write connection failed", e);
        }
    }
}
