package dev.beluga.kubelet.logs;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one CRI log file to a client (upstream's ReadLogs): from the tail start, entry by entry
 * through a {@link LogWriter}, flushing whenever it has caught up with the file. Following, it waits
 * at the end of the file for more, and stops once the container no longer runs and what it wrote
 * last has been read. Rotation is not handled (Beluga's kubelet does not rotate logs).
 */
public final class ContainerLogReader {
    private static final Logger log = LoggerFactory.getLogger(ContainerLogReader.class);
    /** How often a follower looks for new bytes. */
    private static final Duration POLL = Duration.ofMillis(100);
    /** How long a follower waits before asking whether the container still runs (upstream's logForceCheckPeriod). */
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private ContainerLogReader() {}

    /**
     * @param running asked while following: whether the container still runs
     * @throws IOException when the file cannot be read or the client is gone
     */
    public static void copy(Path file, LogOptions options, BooleanSupplier running, OutputStream out) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long start = options.tailLines().isPresent() ? TailStart.find(channel, options.tailLines().getAsLong()) : 0;
            channel.position(start);
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
            LogWriter writer = new LogWriter(options, out);
            // Without follow, a file still being written is read up to the tail's line count only.
            boolean limited = options.tailLines().isPresent() && !options.follow();
            long left = options.tailLines().orElse(0);
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            boolean containerRuns = true;
            while (!(limited && left == 0)) {
                int b = in.read();
                if (b < 0) {
                    out.flush();
                    if (!options.follow()) {
                        // An unfinished last line is written as it is.
                        if (line.size() > 0) {
                            Optional<CriLogEntry> last = parse(line.toByteArray(), file);
                            if (last.isPresent()) writer.write(last.get());
                        }
                        return;
                    }
                    if (!containerRuns) return;
                    // The bytes of an unfinished line stay in {@code line} until its end arrives.
                    containerRuns = waitForMore(channel, running);
                    continue;
                }
                line.write(b);
                if (b != '\n') continue;
                Optional<CriLogEntry> entry = parse(line.toByteArray(), file);
                line.reset();
                if (entry.isEmpty()) continue;
                if (!writer.write(entry.get())) break;
                // The pieces of a long line count as the one line they make.
                if (limited && !entry.get().partial()) left--;
            }
            out.flush();
        }
    }

    private static Optional<CriLogEntry> parse(byte[] line, Path file) {
        Optional<CriLogEntry> entry = CriLogEntry.parse(line);
        if (entry.isEmpty()) log.debug("skipping a line of {} that is not in CRI log format", file);
        return entry;
    }

    /** Waits until the file grows or a recheck period passes; returns whether the container still runs. */
    private static boolean waitForMore(FileChannel channel, BooleanSupplier running) throws IOException {
        if (!running.getAsBoolean()) return false;
        long waited = 0;
        while (waited < RECHECK.toMillis()) {
            if (channel.size() > channel.position()) return true;
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while following a log");
            }
            waited += POLL.toMillis();
        }
        return true;
    }
}
