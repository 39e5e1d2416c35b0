package dev.beluga.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.storage.CompactedException;
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.ListPage;
import dev.beluga.storage.RecordingListener;
import dev.beluga.storage.WriteResult;
import dev.beluga.storage.snapshot.InvalidSnapshotException;
import dev.beluga.storage.snapshot.RestoreOutcome;
import dev.beluga.storage.snapshot.SnapshotReader;
import dev.beluga.storage.snapshot.SnapshotSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSnapshotRestoreTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** a (updated), c; b deleted; one key outside /registry/. Revision 6. */
    private SnapshotSummary snapshotOfAStoreInUse(Path db, Path file) {
        try (SqliteStore store = SqliteStore.open(db)) {
            store.create("/registry/a/1", b("a1"));
            store.create("/registry/b/1", b("b1"));
            store.create("/registry/c/1", b("c1"));
            store.update("/registry/a/1", b("a2"), 0);
            store.delete("/registry/b/1", 0);
            store.create("/elsewhere", b("x"));
            // Taken while the store is open (as beside a running server).
            SnapshotSummary summary = SqliteSnapshot.save(db, file);
            store.create("/registry/d/1", b("after the snapshot"));
            return summary;
        }
    }

    @Test
    void aSnapshotTakenWhileTheStoreIsOpenRestoresExactlyIntoANewFile() {
        Path file = dir.resolve("s.snap");
        SnapshotSummary summary = snapshotOfAStoreInUse(dir.resolve("old/beluga.db"), file);
        assertThat(summary.header().revision()).isEqualTo(6);
        assertThat(summary.count()).isEqualTo(2);

        Path restoredDb = dir.resolve("new/beluga.db");
        RestoreOutcome outcome = SqliteRestore.restore(restoredDb, file, false, 0);

        assertThat(outcome).isEqualTo(new RestoreOutcome.Restored(SnapshotReader.verify(file), 6, 6));
        try (SqliteStore store = SqliteStore.open(restoredDb)) {
            assertThat(store.currentRevision()).isEqualTo(6);
            assertThat(store.compactedRevision()).isEqualTo(6);
            ListPage all = store.list("/", 0, "", 0);
            assertThat(all.items()).extracting(KeyValue::key).containsExactly("/registry/a/1", "/registry/c/1");
            KeyValue a = all.items().getFirst();
            assertThat(new String(a.value(), StandardCharsets.UTF_8)).isEqualTo("a2");
            assertThat(a.createRevision()).isEqualTo(1);
            assertThat(a.modRevision()).isEqualTo(4);
            assertThat(store.list("/registry/", 6, "", 0).items()).hasSize(2);
            assertThatThrownBy(() -> store.watch("/registry/", 5, new RecordingListener())).isInstanceOf(CompactedException.class);
            // Writes continue after the restored revision; updates conditioned on a restored resourceVersion work.
            assertThat(store.update("/registry/a/1", b("a3"), 4)).isInstanceOf(WriteResult.Ok.class);
            assertThat(store.currentRevision()).isEqualTo(7);
        }
        assertThat(dir.resolve("new/beluga.db.restore")).doesNotExist();
    }

    @Test
    void aNonEmptyStoreIsKeptWithoutForceAndReplacedWithIt() {
        Path file = dir.resolve("s.snap");
        snapshotOfAStoreInUse(dir.resolve("old/beluga.db"), file);
        Path target = dir.resolve("target/beluga.db");
        try (SqliteStore store = SqliteStore.open(target)) {
            for (int i = 0; i < 20; i++) {
                store.create("/registry/t/" + i, b("t"));
            }
        }

        assertThat(SqliteRestore.restore(target, file, false, 0)).isEqualTo(new RestoreOutcome.NotEmpty(20));
        try (SqliteStore store = SqliteStore.open(target)) {
            assertThat(store.count("/registry/")).isEqualTo(20);
        }

        RestoreOutcome forced = SqliteRestore.restore(target, file, true, 100);
        // The replaced store was at 20, past the snapshot's 6: the new revision continues from there plus the bump.
        assertThat(forced).isInstanceOfSatisfying(RestoreOutcome.Restored.class, r -> assertThat(r.revision()).isEqualTo(120));
        try (SqliteStore store = SqliteStore.open(target)) {
            assertThat(store.list("/registry/", 0, "", 0).items()).extracting(KeyValue::key).containsExactly("/registry/a/1", "/registry/c/1");
            assertThat(store.currentRevision()).isEqualTo(120);
            assertThat(store.create("/registry/z", b("z"))).isInstanceOfSatisfying(WriteResult.Ok.class,
                    ok -> assertThat(ok.kv().modRevision()).isEqualTo(121));
        }
    }

    @Test
    void aRestoreIsRefusedWhileTheStoreIsOpen() {
        Path file = dir.resolve("s.snap");
        snapshotOfAStoreInUse(dir.resolve("old/beluga.db"), file);
        Path target = dir.resolve("target/beluga.db");
        try (SqliteStore store = SqliteStore.open(target)) {
            assertThat(SqliteLock.isHeld(target)).isTrue();
            assertThatThrownBy(() -> SqliteRestore.restore(target, file, true, 0)).isInstanceOf(StoreInUseException.class)
                    .hasMessageContaining("in use");
            assertThatThrownBy(() -> SqliteStore.open(target)).isInstanceOf(StoreInUseException.class);
        }
        assertThat(SqliteLock.isHeld(target)).isFalse();
    }

    @Test
    void aDamagedSnapshotLeavesTheStoreAsItWas() throws Exception {
        Path file = dir.resolve("s.snap");
        snapshotOfAStoreInUse(dir.resolve("old/beluga.db"), file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 20));
        Path target = dir.resolve("target/beluga.db");
        try (SqliteStore store = SqliteStore.open(target)) {
            store.create("/registry/keep", b("k"));
        }

        assertThatThrownBy(() -> SqliteRestore.restore(target, file, true, 0)).isInstanceOf(InvalidSnapshotException.class)
                .hasMessageContaining("truncated");

        try (SqliteStore store = SqliteStore.open(target)) {
            assertThat(store.list("/registry/", 0, "", 0).items()).extracting(KeyValue::key).containsExactly("/registry/keep");
        }
        assertThat(dir.resolve("target/beluga.db.restore")).doesNotExist();
    }

    @Test
    void aMissingStoreOrAFileThatIsNoStoreCannotBeSnapshotted() throws Exception {
        Path notAStore = dir.resolve("other.db");
        Files.write(notAStore, new byte[0]);
        assertThatThrownBy(() -> SqliteSnapshot.save(dir.resolve("none.db"), dir.resolve("s.snap"))).hasMessageContaining("no SQLite store");
        assertThatThrownBy(() -> SqliteSnapshot.save(notAStore, dir.resolve("s.snap"))).hasMessageContaining("is not a Beluga store");
        assertThat(dir.resolve("s.snap")).doesNotExist();
    }
}
