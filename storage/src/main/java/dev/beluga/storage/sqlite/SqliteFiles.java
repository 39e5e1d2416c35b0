package dev.beluga.storage.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/** Opens connections with the durability settings every Beluga SQLite file uses, and creates the schema. */
final class SqliteFiles {
    private SqliteFiles() {}

    /** WAL plus synchronous=FULL: a commit returns only after the WAL is synced. */
    static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(30_000);
        config.setCacheSize(-16_384);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /**
     * history holds one row per revision (each revision is exactly one write); a deletion row keeps
     * the last value so DELETE events can carry it. current holds the live keys for fast reads.
     */
    static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("""
                CREATE TABLE IF NOT EXISTS history (
                  rev INTEGER PRIMARY KEY,
                  key BLOB NOT NULL,
                  create_rev INTEGER NOT NULL,
                  value BLOB NOT NULL,
                  deleted INTEGER NOT NULL,
                  prev_rev INTEGER NOT NULL)""");
            s.executeUpdate("CREATE INDEX IF NOT EXISTS history_key_rev ON history(key, rev)");
            s.executeUpdate("""
                CREATE TABLE IF NOT EXISTS current (
                  key BLOB PRIMARY KEY,
                  create_rev INTEGER NOT NULL,
                  mod_rev INTEGER NOT NULL,
                  value BLOB NOT NULL)""");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            s.executeUpdate("INSERT OR IGNORE INTO meta(name, value) VALUES ('revision', 0), ('compacted', 0)");
        }
    }
}
