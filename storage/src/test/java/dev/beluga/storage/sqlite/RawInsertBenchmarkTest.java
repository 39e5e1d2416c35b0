package dev.beluga.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawInsertBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void measuresAllThreePhasesAndRemovesItsFiles() throws IOException {
        RawInsertBenchmark.Result r = RawInsertBenchmark.run(dir, 4, Duration.ofMillis(150));

        assertThat(r.singleTxnPerSec()).isPositive();
        assertThat(r.batchedPerSec()).isPositive();
        assertThat(r.storePerSec()).isPositive();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
