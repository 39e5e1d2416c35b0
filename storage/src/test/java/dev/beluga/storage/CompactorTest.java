package dev.beluga.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.storage.sqlite.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactorTest {
    @TempDir
    Path dir;

    @Test
    void compactsToARevisionThatWasCurrentAnIntervalEarlierAndKeepsLatestValues() throws InterruptedException {
        try (SqliteStore store = SqliteStore.open(dir.resolve("state.db"))) {
            store.create("/k", "1".getBytes(StandardCharsets.UTF_8));
            store.update("/k", "2".getBytes(StandardCharsets.UTF_8), 0);
            store.update("/k", "3".getBytes(StandardCharsets.UTF_8), 0);
            long last = store.currentRevision();

            try (Compactor compactor = Compactor.start(store, Duration.ofMillis(20))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (store.compactedRevision() < last && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }

            assertThat(store.compactedRevision()).isEqualTo(last);
            assertThat(store.currentRevision()).isEqualTo(last);
            assertThat(new String(store.get("/k").orElseThrow().value(), StandardCharsets.UTF_8)).isEqualTo("3");
            assertThatThrownBy(() -> store.list("/", 1, "", 0)).isInstanceOf(CompactedException.class);
        }
    }

    @Test
    void refusesANonPositiveInterval() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("state.db"))) {
            assertThatThrownBy(() -> Compactor.start(store, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
