package dev.beluga.kubelet.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes log entries as the client sees them (upstream's logWriter): entries before {@code since}
 * are skipped, {@code timestamps} puts the entry's time (nine fraction digits, as upstream's
 * RFC3339NanoFixed) before each line, and {@code limitBytes} cuts the output, prefixes included.
 * Unlike upstream, the pieces of a partial line after the first get no timestamp of their own, so
 * a long line stays one line with timestamps on.
 */
public final class LogWriter {
    static final DateTimeFormatter FIXED_NANOS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnnXXX").withZone(ZoneOffset.UTC);

    private final LogOptions options;
    private final OutputStream out;
    private long remaining;
    private boolean atLineStart = true;

    public LogWriter(LogOptions options, OutputStream out) {
        this.options = options;
        this.out = out;
        this.remaining = options.limitBytes().orElse(Long.MAX_VALUE);
    }

    /** Writes one entry; returns false once the byte limit is reached (nothing more is to be written). */
    public boolean write(CriLogEntry entry) throws IOException {
        if (remaining <= 0) return false;
        if (options.since().isPresent() && entry.timestamp().isBefore(options.since().get())) return true;
        byte[] line = entry.content();
        if (options.timestamps() && atLineStart) {
            byte[] prefix = (FIXED_NANOS.format(entry.timestamp()) + " ").getBytes(StandardCharsets.US_ASCII);
            byte[] joined = new byte[prefix.length + line.length];
            System.arraycopy(prefix, 0, joined, 0, prefix.length);
            System.arraycopy(line, 0, joined, prefix.length, line.length);
            line = joined;
        }
        atLineStart = !entry.partial();
        int n = (int) Math.min(line.length, remaining);
        out.write(line, 0, n);
        remaining -= n;
        return remaining > 0;
    }
}
