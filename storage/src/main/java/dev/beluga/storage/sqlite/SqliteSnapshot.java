package dev.beluga.storage.sqlite;

import dev.beluga.storage.KeyValue;
import dev.beluga.storage.StorageException;
import dev.beluga.storage.snapshot.SnapshotFormat;
import dev.beluga.storage.snapshot.SnapshotHeader;
import dev.beluga.storage.snapshot.SnapshotSummary;
import dev.beluga.storage.snapshot.SnapshotWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * A snapshot of a SQLite store file, taken beside the server that may be writing it (no lock): one
 * read transaction sees one WAL snapshot, so the revision and every key come from the same commit,
 * and the server's writer is never blocked (WAL readers do not block writers).
 */
public final class SqliteSnapshot {
    public static final String SOURCE = "sqlite";

    private SqliteSnapshot() {}

    /** @throws StorageException when {@code database} is missing or not a Beluga store */
    public static SnapshotSummary save(Path database, Path file) {
        if (!Files.isRegularFile(database)) {
            throw new StorageException("no SQLite store at " + database);
        }
        try (Connection c = SqliteFiles.connect(database)) {
            c.setAutoCommit(false);
            try {
                long revision = revision(c, database);
                try (SnapshotWriter writer = SnapshotWriter.create(file, new SnapshotHeader(SOURCE, revision, Instant.now()))) {
                    KeyRange range = KeyRange.of(SnapshotFormat.KEY_PREFIX, "");
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT key, create_rev, mod_rev, value FROM current WHERE key >= ? AND key < ? ORDER BY key")) {
                        ps.setBytes(1, range.lower());
                        ps.setBytes(2, range.upper().orElseThrow());
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                writer.add(new KeyValue(new String(rs.getBytes(1), StandardCharsets.UTF_8), rs.getBytes(4),
                                        rs.getLong(2), rs.getLong(3)));
                            }
                        }
                    }
                    return writer.commit();
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read the SQLite store " + database + ": " + e.getMessage(), e);
        }
    }

    /** The committed revision, read inside the transaction the keys are read in. */
    static long revision(Connection c, Path database) throws SQLException {
        if (!isBelugaStore(c)) {
            throw new StorageException(database + " is not a Beluga store (it has no meta and current tables)");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE name = 'revision'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static boolean isBelugaStore(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'current', 'history')");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getInt(1) == 3;
        }
    }
}
