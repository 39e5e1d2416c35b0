package dev.beluga.storage.sqlite;

import dev.beluga.storage.KeyValue;
import dev.beluga.storage.StorageException;
import dev.beluga.storage.snapshot.InvalidSnapshotException;
import dev.beluga.storage.snapshot.RestoreOutcome;
import dev.beluga.storage.snapshot.SnapshotHeader;
import dev.beluga.storage.snapshot.SnapshotReader;
import dev.beluga.storage.snapshot.SnapshotSummary;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Restores a snapshot into a SQLite store file, exactly: every key keeps its createRevision and
 * modRevision (its resourceVersion), as etcd's own snapshot restore does. The state is written into
 * a fresh sibling file that replaces the store only once complete, so a bad snapshot or a crash
 * leaves the old store as it was. Holding the store's {@link SqliteLock} throughout, it refuses while
 * a server has the file open.
 *
 * <p>The new store's revision is the highest of the snapshot's, the replaced store's, plus the
 * requested bump, and everything at or below it is compacted: a client that cached a resourceVersion
 * from before the restore gets 410 Gone and relists, and no revision handed out before is handed out
 * again for something else.
 */
public final class SqliteRestore {
    private SqliteRestore() {}

    private record Previous(long keys, long revision) {}

    /**
     * @param force        replace a store that holds keys
     * @param bumpRevision added to the new store's revision (see the class comment)
     * @throws InvalidSnapshotException when the file is not an intact snapshot (the store is untouched)
     * @throws StoreInUseException      when a server has the store open
     */
    public static RestoreOutcome restore(Path database, Path snapshot, boolean force, long bumpRevision) {
        if (bumpRevision < 0) {
            throw new IllegalArgumentException("the revision bump must not be negative: " + bumpRevision);
        }
        Path target = database.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new StorageException("cannot create " + target.getParent() + ": " + e.getMessage(), e);
        }
        try (SqliteLock ignored = SqliteLock.acquire(target)) {
            Previous previous = previous(target);
            if (previous.keys() > 0 && !force) {
                return new RestoreOutcome.NotEmpty(previous.keys());
            }
            Path fresh = target.resolveSibling(target.getFileName() + ".restore");
            deleteWithCompanions(fresh);
            try {
                RestoreOutcome.Restored restored = write(fresh, snapshot, previous.revision(), bumpRevision);
                // The replaced store was checkpointed above, so its WAL holds nothing; it must go before the
                // new file takes the name, or SQLite would replay it onto the new file.
                deleteCompanions(target);
                Files.move(fresh, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                syncDirectory(target.getParent());
                return restored;
            } catch (IOException e) {
                throw new StorageException("cannot put the restored store in place of " + target + ": " + e.getMessage(), e);
            } finally {
                deleteWithCompanions(fresh);
            }
        }
    }

    /** What the store about to be replaced holds, after folding its WAL into the file. */
    private static Previous previous(Path database) {
        if (!Files.exists(database)) {
            return new Previous(0, 0);
        }
        try (Connection c = SqliteFiles.connect(database)) {
            if (!SqliteSnapshot.isBelugaStore(c)) {
                long tables = count(c, "SELECT count(*) FROM sqlite_master");
                return new Previous(tables, 0);
            }
            long keys = count(c, "SELECT count(*) FROM current");
            long revision = count(c, "SELECT value FROM meta WHERE name = 'revision'");
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            return new Previous(keys, revision);
        } catch (SQLException e) {
            throw new StorageException("cannot read the SQLite store " + database + ": " + e.getMessage(), e);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Writes the snapshot into {@code fresh} in one transaction (a rollback journal: nothing is left beside it on close). */
    private static RestoreOutcome.Restored write(Path fresh, Path snapshot, long previousRevision, long bumpRevision) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fresh)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA synchronous = FULL");
            }
            SqliteFiles.createSchema(c);
            c.setAutoCommit(false);
            try (PreparedStatement current = c.prepareStatement("INSERT INTO current(key, create_rev, mod_rev, value) VALUES (?, ?, ?, ?)");
                 PreparedStatement history = c.prepareStatement(
                         "INSERT INTO history(rev, key, create_rev, value, deleted, prev_rev) VALUES (?, ?, ?, ?, 0, 0)")) {
                SnapshotSummary summary = SnapshotReader.read(snapshot, new SnapshotReader.Sink() {
                    @Override
                    public void header(SnapshotHeader header) {}

                    @Override
                    public void entry(KeyValue kv) {
                        insert(current, history, kv);
                    }
                });
                long revision = Math.max(summary.header().revision(), previousRevision) + bumpRevision;
                try (PreparedStatement meta = c.prepareStatement("UPDATE meta SET value = ? WHERE name = ?")) {
                    for (String name : List.of("revision", "compacted")) {
                        meta.setLong(1, revision);
                        meta.setString(2, name);
                        meta.executeUpdate();
                    }
                }
                c.commit();
                return new RestoreOutcome.Restored(summary, revision, revision);
            }
        } catch (SQLException e) {
            throw new StorageException("cannot write the restored store " + fresh + ": " + e.getMessage(), e);
        }
    }

    private static void insert(PreparedStatement current, PreparedStatement history, KeyValue kv) {
        byte[] key = kv.key().getBytes(StandardCharsets.UTF_8);
        try {
            current.setBytes(1, key);
            current.setLong(2, kv.createRevision());
            current.setLong(3, kv.modRevision());
            current.setBytes(4, kv.value());
            current.executeUpdate();
            // One history row per live key, at its modRevision: lists at the restored revision and the
            // values' resourceVersions then read as they did in the snapshot.
            history.setLong(1, kv.modRevision());
            history.setBytes(2, key);
            history.setLong(3, kv.createRevision());
            history.setBytes(4, kv.value());
            history.executeUpdate();
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("UNIQUE")) {
                throw new InvalidSnapshotException("the snapshot holds two keys written at revision " + kv.modRevision()
                        + " (the second is " + kv.key() + "); it cannot be restored into SQLite, which keeps one write per revision", e);
            }
            throw new StorageException("cannot write the restored store: " + e.getMessage(), e);
        }
    }

    private static void deleteCompanions(Path database) throws IOException {
        for (String suffix : List.of("-wal", "-shm", "-journal")) {
            Files.deleteIfExists(database.resolveSibling(database.getFileName() + suffix));
        }
    }

    private static void deleteWithCompanions(Path file) {
        try {
            deleteCompanions(file);
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new StorageException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // Not every file system allows it; the file itself was synced by SQLite's commit.
        }
    }
}
