package dev.beluga.storage.sqlite;

import dev.beluga.storage.CompactedException;
import dev.beluga.storage.FutureRevisionException;
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.ListPage;
import dev.beluga.storage.StorageException;
import dev.beluga.storage.Store;
import dev.beluga.storage.Watch;
import dev.beluga.storage.WatchFanout;
import dev.beluga.storage.WatchListener;
import dev.beluga.storage.WriteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded backend: one SQLite file in WAL mode with synchronous=FULL. Writes are group-committed
 * by one writer thread; reads use a small connection pool; history is kept until compaction so old
 * snapshots can be listed and past changes replayed to watchers.
 */
public final class SqliteStore implements Store {
    private static final int READ_CONNECTIONS = 4;

    private final SqliteWriter writer;
    private final SqliteReader reader;
    private final WatchFanout fanout;
    private final SqliteLock lock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqliteStore(SqliteWriter writer, SqliteReader reader, WatchFanout fanout, SqliteLock lock) {
        this.writer = writer;
        this.reader = reader;
        this.fanout = fanout;
        this.lock = lock;
    }

    /**
     * Opens (creating if needed) the store in {@code file}; the revision continues from where it was.
     *
     * @throws StoreInUseException when another store has the file open (see {@link SqliteLock})
     */
    public static SqliteStore open(Path file) {
        Connection conn = null;
        SqliteLock lock = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            lock = SqliteLock.acquire(file);
            conn = SqliteFiles.connect(file);
            SqliteFiles.createSchema(conn);
            long revision = 0;
            long compacted = 0;
            try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT name, value FROM meta")) {
                while (rs.next()) {
                    switch (rs.getString(1)) {
                        case "revision" -> revision = rs.getLong(2);
                        case "compacted" -> compacted = rs.getLong(2);
                        default -> { }
                    }
                }
            }
            WatchFanout fanout = new WatchFanout(revision);
            SqliteWriter writer = new SqliteWriter(conn, revision, compacted, fanout);
            SqliteReader reader;
            try {
                reader = new SqliteReader(file, READ_CONNECTIONS);
            } catch (SQLException e) {
                writer.close();
                throw e;
            }
            writer.start();
            return new SqliteStore(writer, reader, fanout, lock);
        } catch (SQLException | IOException | RuntimeException e) {
            if (conn != null) {
                try {
                    conn.close();
                } catch (SQLException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            if (lock != null) {
                lock.close();
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new StorageException("cannot open SQLite store " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<KeyValue> get(String key) {
        ensureOpen();
        return reader.get(key);
    }

    @Override
    public ListPage list(String prefix, long revision, String startAfter, int limit) {
        ensureOpen();
        if (revision == 0) {
            return reader.listLatest(prefix, startAfter, limit);
        }
        long current = writer.committedRevision();
        if (revision > current) {
            throw new FutureRevisionException(revision, current);
        }
        return reader.listAt(prefix, revision, startAfter, limit);
    }

    @Override
    public long count(String prefix) {
        ensureOpen();
        return reader.count(prefix);
    }

    @Override
    public WriteResult create(String key, byte[] value) {
        ensureOpen();
        return writer.write(new WriteOp.Create(key, value));
    }

    @Override
    public WriteResult update(String key, byte[] value, long expectedModRevision) {
        ensureOpen();
        return writer.write(new WriteOp.Update(key, value, expectedModRevision));
    }

    @Override
    public WriteResult delete(String key, long expectedModRevision) {
        ensureOpen();
        return writer.write(new WriteOp.Delete(key, expectedModRevision));
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        ensureOpen();
        long compacted = writer.compactedRevision();
        if (afterRevision != 0 && afterRevision < compacted) {
            throw new CompactedException(afterRevision + 1, compacted);
        }
        return fanout.subscribe(prefix, afterRevision, listener, (after, upTo) -> reader.changes(prefix, after, upTo));
    }

    @Override
    public long currentRevision() {
        ensureOpen();
        return writer.committedRevision();
    }

    @Override
    public long compactedRevision() {
        ensureOpen();
        return writer.compactedRevision();
    }

    @Override
    public void compact(long revision) {
        ensureOpen();
        long current = writer.committedRevision();
        if (revision > current) {
            throw new FutureRevisionException(revision, current);
        }
        writer.compact(revision);
    }

    /** Commits what is queued, ends every watch (onClose without cause) and closes the file. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.close();
        fanout.closeAll(Optional.empty());
        reader.close();
        lock.close();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new StorageException("store is closed");
        }
    }
}
