package dev.beluga.kubelet.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * One line of a CRI container log file: {@code <RFC3339Nano timestamp> <stdout|stderr> <F|P>[:tags] <content>}.
 * A P (partial) entry is a piece of a longer line that the runtime split; its content has no line
 * end, so writing the pieces one after another joins them. An F entry's content ends with "\n".
 *
 * @param content the bytes to write for this entry (with the "\n" for a full line)
 */
public record CriLogEntry(Instant timestamp, Stream stream, boolean partial, byte[] content) {
    public enum Stream { STDOUT, STDERR }

    /**
     * Upstream's parseCRILog on one line as read from the file (with or without its trailing
     * "\n"); empty when the line is not in CRI format. Runtimes trim trailing zeros of the
     * fraction (RFC3339Nano), so any number of fraction digits is accepted.
     */
    public static Optional<CriLogEntry> parse(byte[] line) {
        int end = line.length;
        boolean newline = end > 0 && line[end - 1] == '\n';
        if (newline) end--;
        int first = indexOf(line, 0, end);
        if (first < 0) return Optional.empty();
        Instant at;
        try {
            at = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(new String(line, 0, first, StandardCharsets.US_ASCII), Instant::from);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        int second = indexOf(line, first + 1, end);
        if (second < 0) return Optional.empty();
        String streamName = new String(line, first + 1, second - first - 1, StandardCharsets.US_ASCII);
        Stream stream;
        switch (streamName) {
            case "stdout" -> stream = Stream.STDOUT;
            case "stderr" -> stream = Stream.STDERR;
            default -> {
                return Optional.empty();
            }
        }
        int third = indexOf(line, second + 1, end);
        if (third < 0) return Optional.empty();
        // Tags are ":"-separated for forward compatibility; the first says full or partial.
        String tags = new String(line, second + 1, third - second - 1, StandardCharsets.US_ASCII);
        boolean partial = tags.split(":", 2)[0].equals("P");
        // A full line gets its line end back; a partial one never had one.
        int contentEnd = partial ? end : end + (newline ? 1 : 0);
        byte[] content = Arrays.copyOfRange(line, third + 1, contentEnd);
        if (!partial && !newline) {
            content = Arrays.copyOf(content, content.length + 1);
            content[content.length - 1] = '\n';
        }
        return Optional.of(new CriLogEntry(at, stream, partial, content));
    }

    private static int indexOf(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) if (b[i] == ' ') return i;
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CriLogEntry e && e.timestamp.equals(timestamp) && e.stream == stream && e.partial == partial
                && Arrays.equals(e.content, content);
    }

    @Override
    public int hashCode() {
        return timestamp.hashCode() * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return timestamp + " " + stream + (partial ? " P " : " F ") + new String(content, StandardCharsets.UTF_8);
    }
}
