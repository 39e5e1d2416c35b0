package dev.beluga.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LogWriterTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static CriLogEntry full(int second, String text) {
        return new CriLogEntry(T0.plusSeconds(second), CriLogEntry.Stream.STDOUT, false, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static CriLogEntry partial(int second, String text) {
        return new CriLogEntry(T0.plusSeconds(second), CriLogEntry.Stream.STDERR, true, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String write(LogOptions options, List<CriLogEntry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogWriter w = new LogWriter(options, out);
        for (CriLogEntry e : entries) if (!w.write(e)) break;
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void partialPiecesJoinIntoOneLine() throws IOException {
        assertThat(write(LogOptions.all(), List.of(full(0, "a"), partial(1, "b1-"), partial(1, "b2-"), full(2, "b3"), full(3, "c"))))
                .isEqualTo("a\nb1-b2-b3\nc\n");
    }

    @Test
    void timestampsPrefixEachLineWithNineFractionDigits() throws IOException {
        LogOptions ts = new LogOptions(false, OptionalLong.empty(), Optional.empty(), true, OptionalLong.empty());
        CriLogEntry precise = new CriLogEntry(Instant.parse("2026-01-01T10:00:00.5Z"), CriLogEntry.Stream.STDOUT, false, "x\n".getBytes());
        assertThat(write(ts, List.of(precise, partial(1, "p-"), full(2, "q"))))
                .isEqualTo("2026-01-01T10:00:00.500000000Z x\n2026-01-01T10:00:01.000000000Z p-q\n");
    }

    @Test
    void entriesBeforeSinceAreSkipped() throws IOException {
        LogOptions since = new LogOptions(false, OptionalLong.empty(), Optional.of(T0.plusSeconds(2)), false, OptionalLong.empty());
        assertThat(write(since, List.of(full(0, "old"), full(1, "older?"), full(2, "at"), full(3, "after")))).isEqualTo("at\nafter\n");
    }

    @Test
    void limitBytesCutsTheOutputAndStopsTheWriter() throws IOException {
        LogOptions limit = new LogOptions(false, OptionalLong.empty(), Optional.empty(), false, OptionalLong.of(5));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogWriter w = new LogWriter(limit, out);
        assertThat(w.write(full(0, "abc"))).isTrue();
        assertThat(w.write(full(1, "defgh"))).isFalse();
        assertThat(w.write(full(2, "more"))).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("abc\nd");
    }
}
