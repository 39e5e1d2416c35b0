package dev.beluga.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogReaderTest {
    @TempDir
    Path dir;

    private static String line(int i, String text) {
        return "2026-01-01T10:00:0" + i + ".000000001Z stdout F " + text + "\n";
    }

    private Path file(String content) throws IOException {
        Path f = dir.resolve("0.log");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void readsTheWholeFileOrItsTail() throws IOException {
        Path f = file(line(1, "one") + line(2, "two") + "garbage\n" + line(3, "three"));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ContainerLogReader.copy(f, LogOptions.all(), () -> false, all);
        assertThat(all.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\nthree\n");

        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        ContainerLogReader.copy(f, new LogOptions(false, OptionalLong.of(2), Optional.empty(), false, OptionalLong.empty()), () -> false, tail);
        assertThat(tail.toString(StandardCharsets.UTF_8)).isEqualTo("three\n");
    }

    @Test
    void followingWaitsForNewLinesAndEndsWhenTheContainerStops() throws Exception {
        Path f = file(line(1, "first"));
        AtomicBoolean running = new AtomicBoolean(true);
        StreamOf out = new StreamOf();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                ContainerLogReader.copy(f, new LogOptions(true, OptionalLong.empty(), Optional.empty(), false, OptionalLong.empty()), running::get, out);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        out.awaitContains("first\n");
        Files.writeString(f, line(2, "sec"), StandardOpenOption.APPEND);
        // Half a line waits for its end before it is written.
        Files.writeString(f, "2026-01-01T10:00:03Z stdout F thi", StandardOpenOption.APPEND);
        out.awaitContains("sec\n");
        Files.writeString(f, "rd\n", StandardOpenOption.APPEND);
        out.awaitContains("third\n");
        Files.writeString(f, line(4, "last words"), StandardOpenOption.APPEND);
        running.set(false);
        reader.join(30_000);
        assertThat(reader.isAlive()).isFalse();
        assertThat(out.text()).isEqualTo("first\nsec\nthird\nlast words\n");
    }

    /** An output stream whose flushed content a test can wait for. */
    static final class StreamOf extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private String flushed = "";

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public synchronized void flush() {
            flushed = bytes.toString(StandardCharsets.UTF_8);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized void awaitContains(String s) throws InterruptedException {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!flushed.contains(s)) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) throw new AssertionError("never flushed " + s + "; flushed: " + flushed);
                wait(left);
            }
        }
    }
}
