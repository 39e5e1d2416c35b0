package dev.beluga.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailStartTest {
    @TempDir
    Path dir;

    private long tail(String content, long lines) throws IOException {
        Path f = dir.resolve("f.log");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(f)) {
            return TailStart.find(ch, lines);
        }
    }

    @Test
    void theLastLinesStartAfterTheLineEndBeforeThem() throws IOException {
        assertThat(tail("a\nbb\nccc\n", 1)).isEqualTo(5);
        assertThat(tail("a\nbb\nccc\n", 2)).isEqualTo(2);
        assertThat(tail("a\nbb\nccc\n", 3)).isZero();
        assertThat(tail("a\nbb\nccc\n", 10)).isZero();
    }

    @Test
    void anUnfinishedLastLineCountsAsALine() throws IOException {
        assertThat(tail("a\nbb\ncc", 1)).isEqualTo(5);
        assertThat(tail("a\nbb\ncc", 2)).isEqualTo(2);
    }

    @Test
    void zeroLinesIsTheEndAndAnEmptyFileIsZero() throws IOException {
        assertThat(tail("a\nb\n", 0)).isEqualTo(4);
        assertThat(tail("", 3)).isZero();
    }

    @Test
    void thePiecesOfALongLineCountAsOneLine() throws IOException {
        String content = "2026-01-01T10:00:00Z stdout F one\n"
                + "2026-01-01T10:00:01Z stdout P tw\n"
                + "2026-01-01T10:00:01Z stdout P:x o-\n"
                + "2026-01-01T10:00:01Z stdout F two\n"
                + "2026-01-01T10:00:02Z stderr F three\n";
        assertThat(content.substring((int) tail(content, 1))).isEqualTo("2026-01-01T10:00:02Z stderr F three\n");
        assertThat(content.substring((int) tail(content, 2))).startsWith("2026-01-01T10:00:01Z stdout P tw\n");
        assertThat(tail(content, 3)).isZero();
    }

    @Test
    void linesAcrossBlockBoundariesAreCounted() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) sb.append("line ").append(i).append('\n');
        String content = sb.toString();
        long start = tail(content, 1000);
        assertThat(content.substring((int) start)).startsWith("line 2000\n").endsWith("line 2999\n");
    }
}
