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
        assertThat(Files.list(dir).toList()).as("the benchmark's data dirs are left for the caller to delete").isNotEmpty();
    }
}
