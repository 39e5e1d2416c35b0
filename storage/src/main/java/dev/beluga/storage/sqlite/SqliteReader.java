package dev.beluga.storage.sqlite;

import dev.beluga.storage.CompactedException;
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.ListPage;
import dev.beluga.storage.StorageException;
import dev.beluga.storage.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads through a small pool of connections. Each read runs in its own transaction, so a list sees
 * its rows and the revision it reports from one WAL snapshot.
 */
final class SqliteReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteReader.class);

    private static final String GET = "SELECT create_rev, mod_rev, value FROM current WHERE key = ?";
    private static final String META = "SELECT name, value FROM meta";

    private record Snapshot(long revision, long compacted) {}

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Session session) throws SQLException;
    }

    /** A pooled connection and the statements already prepared on it. */
    private static final class Session {
        final Connection conn;
        final Map<String, PreparedStatement> statements = new HashMap<>();

        Session(Connection conn) {
            this.conn = conn;
        }

        PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement ps = statements.get(sql);
            if (ps == null) {
                ps = conn.prepareStatement(sql);
                statements.put(sql, ps);
            }
            return ps;
        }
    }

    private final ArrayBlockingQueue<Session> pool;
    private final List<Session> all = new ArrayList<>();

    SqliteReader(Path file, int connections) throws SQLException {
        pool = new ArrayBlockingQueue<>(connections);
        try {
            for (int i = 0; i < connections; i++) {
                Connection c = SqliteFiles.connect(file);
                c.setAutoCommit(false);
                Session s = new Session(c);
                all.add(s);
                pool.add(s);
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    Optional<KeyValue> get(String key) {
        return read(s -> {
            PreparedStatement ps = s.prepare(GET);
            ps.setBytes(1, utf8(key));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new KeyValue(key, rs.getBytes(3), rs.getLong(1), rs.getLong(2))) : Optional.empty();
            }
        });
    }

    long count(String prefix) {
        KeyRange range = KeyRange.of(prefix, "");
        return read(s -> {
            PreparedStatement ps = s.prepare("SELECT count(*) FROM current WHERE key >= ?" + upperBound(range, "key"));
            bindRange(ps, 1, range);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Latest values; the page's revision is the one committed with them. */
    ListPage listLatest(String prefix, String startAfter, int limit) {
        KeyRange range = KeyRange.of(prefix, startAfter);
        return read(s -> {
            Snapshot snap = snapshot(s);
            PreparedStatement ps = s.prepare("SELECT key, create_rev, mod_rev, value FROM current WHERE key >= ?"
                    + upperBound(range, "key") + " ORDER BY key LIMIT ?");
            int next = bindRange(ps, 1, range);
            return page(ps, next, limit, snap.revision());
        });
    }

    /** Values as of {@code revision}: per key the newest history row at or below it, unless a deletion. */
    ListPage listAt(String prefix, long revision, String startAfter, int limit) {
        KeyRange range = KeyRange.of(prefix, startAfter);
        return read(s -> {
            Snapshot snap = snapshot(s);
            if (revision < snap.compacted()) {
                throw new CompactedException(revision, snap.compacted());
            }
            // SQLite takes the bare columns of an aggregate query from the row holding max(rev).
            PreparedStatement ps = s.prepare("SELECT key, create_rev, rev, value FROM ("
                    + "SELECT key, create_rev, max(rev) AS rev, value, deleted FROM history WHERE key >= ?"
                    + upperBound(range, "key") + " AND rev <= ? GROUP BY key) WHERE deleted = 0 ORDER BY key LIMIT ?");
            int next = bindRange(ps, 1, range);
            ps.setLong(next, revision);
            return page(ps, next + 1, limit, revision);
        });
    }

    /** The changes under {@code prefix} in (after, upTo], with the value before each when still kept. */
    List<WatchEvent> changes(String prefix, long after, long upTo) {
        KeyRange range = KeyRange.of(prefix, "");
        return read(s -> {
            Snapshot snap = snapshot(s);
            if (after < snap.compacted()) {
                throw new CompactedException(after + 1, snap.compacted());
            }
            PreparedStatement ps = s.prepare("SELECT h.rev, h.key, h.create_rev, h.value, h.deleted, p.create_rev, p.rev, p.value"
                    + " FROM history h LEFT JOIN history p ON p.rev = h.prev_rev AND h.prev_rev > 0"
                    + " WHERE h.rev > ? AND h.rev <= ? AND h.key >= ?" + upperBound(range, "h.key") + " ORDER BY h.rev");
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            bindRange(ps, 3, range);
            List<WatchEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = new String(rs.getBytes(2), StandardCharsets.UTF_8);
                    KeyValue kv = new KeyValue(key, rs.getBytes(4), rs.getLong(3), rs.getLong(1));
                    byte[] prevValue = rs.getBytes(8);
                    Optional<KeyValue> previous = prevValue == null
                            ? Optional.empty()
                            : Optional.of(new KeyValue(key, prevValue, rs.getLong(6), rs.getLong(7)));
                    WatchEvent.Type type = rs.getInt(5) == 1 ? WatchEvent.Type.DELETE : WatchEvent.Type.PUT;
                    events.add(new WatchEvent(type, kv, previous));
                }
            }
            return events;
        });
    }

    private static Snapshot snapshot(Session s) throws SQLException {
        long revision = 0;
        long compacted = 0;
        try (ResultSet rs = s.prepare(META).executeQuery()) {
            while (rs.next()) {
                switch (rs.getString(1)) {
                    case "revision" -> revision = rs.getLong(2);
                    case "compacted" -> compacted = rs.getLong(2);
                    default -> { }
                }
            }
        }
        return new Snapshot(revision, compacted);
    }

    private static ListPage page(PreparedStatement ps, int limitIndex, int limit, long revision) throws SQLException {
        ps.setInt(limitIndex, limit > 0 ? limit + 1 : -1);
        List<KeyValue> items = new ArrayList<>();
        boolean more = false;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (limit > 0 && items.size() == limit) {
                    more = true;
                    break;
                }
                items.add(new KeyValue(new String(rs.getBytes(1), StandardCharsets.UTF_8), rs.getBytes(4), rs.getLong(2), rs.getLong(3)));
            }
        }
        return new ListPage(List.copyOf(items), revision, more);
    }

    private static String upperBound(KeyRange range, String column) {
        return range.upper().isPresent() ? " AND " + column + " < ?" : "";
    }

    private static int bindRange(PreparedStatement ps, int index, KeyRange range) throws SQLException {
        ps.setBytes(index++, range.lower());
        if (range.upper().isPresent()) {
            ps.setBytes(index++, range.upper().get());
        }
        return index;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private <T> T read(SqlWork<T> work) {
        Session s;
        try {
            s = pool.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for a read connection", e);
        }
        try {
            T result = work.run(s);
            s.conn.commit();
            return result;
        } catch (SQLException e) {
            try {
                s.conn.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw new StorageException("SQLite read failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            try {
                s.conn.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            pool.add(s);
        }
    }

    @Override
    public void close() {
        for (Session s : all) {
            try {
                s.conn.close();
            } catch (SQLException e) {
                LOG.warn("closing a SQLite read connection failed", e);
            }
        }
    }
}
