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
        // Each phase counts the inserts its threads make within the duration: one stalled (or started late)
        // past it on a busy machine inserts nothing and the rate reads 0. 150 ms was within a GC pause or a
        // late thread start; a whole second is not.
        RawInsertBenchmark.Result r = RawInsertBenchmark.run(dir, 4, Duration.ofSeconds(1));

        assertThat(r.singleTxnPerSec()).isPositive();
        assertThat(r.batchedPerSec()).isPositive();
        assertThat(r.storePerSec()).isPositive();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
