package dev.beluga.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryUsageTest {
    @TempDir
    Path dir;

    @Test
    void regularFilesCountOnceAndLinksNotAtAll() throws IOException {
        Files.write(dir.resolve("a"), new byte[1000]);
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.write(dir.resolve("sub/deeper/b"), new byte[500]);
        Files.createLink(dir.resolve("sub/hard"), dir.resolve("a"));
        Path outside = Files.createTempFile("outside", "");
        try {
            Files.write(outside, new byte[10_000]);
            Files.createSymbolicLink(dir.resolve("sub/link"), outside);
            assertThat(DirectoryUsage.bytes(dir, Long.MAX_VALUE)).isEqualTo(1500);
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void theWalkStopsOnceOverTheLimit() throws IOException {
        for (int i = 0; i < 50; i++) Files.write(dir.resolve("f" + i), new byte[100]);
        long counted = DirectoryUsage.bytes(dir, 250);
        assertThat(counted).isGreaterThan(250).isLessThan(5000);
    }

    @Test
    void aMissingDirectoryHoldsNothing() {
        assertThat(DirectoryUsage.bytes(dir.resolve("absent"), 0)).isZero();
    }
}
