package dev.beluga.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.storage.CompactedException;
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.RecordingListener;
import dev.beluga.storage.Store;
import dev.beluga.storage.sqlite.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SPI restore (etcd's), run here on a SqliteStore as the target: it only uses the SPI. */
class StoreRestoreTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Path snapshotOf(int keys, int updates) {
        Path file = dir.resolve("s.snap");
        try (Store source = SqliteStore.open(dir.resolve("source.db"))) {
            for (int i = 0; i < keys; i++) {
                source.create("/registry/configmaps/default/cm-" + i, b("v" + i));
            }
            for (int i = 0; i < updates; i++) {
                source.update("/registry/configmaps/default/cm-0", b("u" + i), 0);
            }
            source.create("/not-in-snapshots", b("x"));
            // Pages of StoreSnapshot.PAGE at one revision.
            StoreSnapshot.save(source, "sqlite", file);
        }
        return file;
    }

    @Test
    void restoredKeysGetRevisionsAboveTheSnapshotsAndOlderOnesAreCompacted() {
        Path file = snapshotOf(1200, 300);
        SnapshotSummary summary = SnapshotReader.verify(file);
        assertThat(summary.count()).isEqualTo(1200);
        assertThat(summary.header().revision()).isEqualTo(1501);

        try (Store target = SqliteStore.open(dir.resolve("target.db"))) {
            RestoreOutcome outcome = StoreRestore.restore(target, file, false, 10);

            assertThat(outcome).isInstanceOfSatisfying(RestoreOutcome.Restored.class, r -> {
                assertThat(r.compacted()).isGreaterThanOrEqualTo(1511);
                assertThat(r.revision()).isEqualTo(r.compacted() + 1200);
            });
            long compacted = ((RestoreOutcome.Restored) outcome).compacted();
            assertThat(target.count("/registry/")).isEqualTo(1200);
            assertThat(target.get(StoreRestore.SCRATCH_KEY)).isEmpty();
            KeyValue first = target.get("/registry/configmaps/default/cm-0").orElseThrow();
            assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("u299");
            assertThat(first.modRevision()).isGreaterThan(compacted);
            assertThat(target.compactedRevision()).isEqualTo(compacted);
            assertThatThrownBy(() -> target.watch("/registry/", 1501, new RecordingListener())).isInstanceOf(CompactedException.class);
        }
    }

    @Test
    void aNonEmptyTargetNeedsForceWhichReplacesWhatIsThere() {
        Path file = snapshotOf(3, 0);
        try (Store target = SqliteStore.open(dir.resolve("target.db"))) {
            for (int i = 0; i < 700; i++) {
                target.create("/registry/old/" + i, b("old"));
            }
            assertThat(StoreRestore.restore(target, file, false, 0)).isEqualTo(new RestoreOutcome.NotEmpty(700));
            assertThat(target.count("/registry/")).isEqualTo(700);

            assertThat(StoreRestore.restore(target, file, true, 0)).isInstanceOf(RestoreOutcome.Restored.class);
            assertThat(target.list("/registry/", 0, "", 0).items()).extracting(KeyValue::key)
                    .containsExactly("/registry/configmaps/default/cm-0", "/registry/configmaps/default/cm-1", "/registry/configmaps/default/cm-2");
        }
    }

    @Test
    void aDamagedFileIsRefusedBeforeTheFirstWrite() throws Exception {
        Path file = snapshotOf(50, 0);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
        try (Store target = SqliteStore.open(dir.resolve("target.db"))) {
            target.create("/registry/keep", b("k"));
            long revision = target.currentRevision();

            assertThatThrownBy(() -> StoreRestore.restore(target, file, true, 0)).isInstanceOf(InvalidSnapshotException.class);

            assertThat(target.currentRevision()).isEqualTo(revision);
            assertThat(target.get("/registry/keep")).isPresent();
        }
    }
}
