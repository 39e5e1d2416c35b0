package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs end to end at a tiny size and prints every figure it promises (no figure is judged here). */
class ApiBenchCommandTest {
    @TempDir Path dir;

    @Test
    void printsCreatesFanOutRawSqliteAndRatios() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ApiBenchmark(dir, 2, Duration.ofSeconds(1), 3, 5, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("pods created over HTTPS:").contains("failures 0");
        assertThat(out).containsPattern("watch fan-out: 3 watchers, \\d+ updates").contains("lag p50");
        assertThat(out).contains("one transaction per insert:").contains("batched (group commit):").contains("SqliteStore.create (SPI):");
        assertThat(out).contains("ratio API creates / raw batched inserts:");
        assertThat(out).as("creates are measured after a warm-up of the same creates").contains("warm-up (not measured):")
                .containsPattern("CPU per create: JVM [\\d.]+ ms");
        assertThat(Files.list(dir).toList()).as("the benchmark's data dirs are left for the caller to delete").isNotEmpty();
    }

    @Test
    void onEtcdPrintsCreatesBesideTheRawPutIfAbsentRateAndLeavesNoKeys() throws Exception {
        try (dev.beluga.storage.etcd.EtcdProcess etcd = dev.beluga.storage.etcd.EtcdProcess.start(dir.resolve("etcd"))) {
            var settings = etcd.settings("/registry", Duration.ofSeconds(10));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new ApiBenchmark(dir, 2, Duration.ofSeconds(1), 3, 5, new PrintStream(bytes, true, StandardCharsets.UTF_8), java.util.Optional.of(settings)).run();
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertThat(out).contains("etcd [" + etcd.endpoint() + "]").contains("pods created over HTTPS:").contains("failures 0");
            assertThat(out).containsPattern("raw etcd put-if-absent .*2 in flight").containsPattern("[\\d,]+ put-if-absent/s; failures 0");
            assertThat(out).contains("ratio API creates / raw etcd put-if-absent:");
            assertThat(out).containsPattern("(?s)warm-up \\(not measured\\): [\\d,]+ transactions.*warm-up \\(not measured\\): [\\d,]+ pods created");
            // etcd's own CPU is read from its /metrics (plain HTTP here), so both shares are numbers.
            assertThat(out).containsPattern("CPU per create: JVM [\\d.]+ ms, etcd [\\d.]+ ms")
                    .containsPattern("put-if-absent/s; failures 0; CPU per transaction: JVM [\\d.]+ ms, etcd [\\d.]+ ms");
            try (dev.beluga.storage.Store store = dev.beluga.storage.etcd.EtcdStore.connect(new dev.beluga.storage.etcd.EtcdSettings(
                    java.util.List.of(etcd.endpoint()), "/registry", java.util.Optional.empty(), Duration.ofSeconds(10)))) {
                assertThat(store.list("", 0, "", 0).items()).as("nothing of the benchmark is left in etcd").isEmpty();
                assertThat(out).containsPattern("compacted etcd to revision \\d+, the deletion of the benchmark's keys: the run wrote [\\d,]+ revisions");
                assertThat(store.compactedRevision()).as("etcd's history is compacted up to the deletion, the last write").isEqualTo(store.currentRevision());
            }
        }
    }
}
