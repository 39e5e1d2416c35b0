package dev.beluga.kubelet.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Where the last N lines of a CRI log file begin (upstream's tail.FindTailLineStartIndex), read
 * backwards in blocks. Unlike upstream, a line is what the container wrote: the P (partial)
 * entries of a long line and the F entry ending it count once, so a tail never starts inside a line.
 */
public final class TailStart {
    private static final int BLOCK = 8192;
    /** Enough of a line's start to read its timestamp, stream and tag. */
    private static final int HEADER = 64;

    private TailStart() {}

    /** The offset of the first of the last {@code lines} lines; 0 when the file has no more lines than that. */
    public static long find(SeekableByteChannel file, long lines) throws IOException {
        long size = file.size();
        if (lines <= 0 || size == 0) return size;
        long fullSeen = 0;
        // The file line being looked at ends (exclusive) here; the file's own last "\n" ends the last line.
        long lineEnd = size;
        long pos = size;
        ByteBuffer buf = ByteBuffer.allocate(BLOCK);
        while (pos > 0) {
            int len = (int) Math.min(BLOCK, pos);
            pos -= len;
            read(file, buf, pos, len);
            for (int i = len - 1; i >= 0; i--) {
                long at = pos + i;
                if (buf.get(i) != '\n' || at == size - 1) continue;
                // A line starts at at + 1 and ends at lineEnd.
                if (!partial(file, at + 1)) {
                    fullSeen++;
                    if (fullSeen == lines + 1) return lineEnd;
                }
                lineEnd = at + 1;
            }
        }
        // The file's first line has no "\n" before it.
        if (!partial(file, 0) && fullSeen + 1 == lines + 1) return lineEnd;
        return 0;
    }

    /** Whether the entry starting at {@code start} is a P entry (a piece of a longer line). */
    private static boolean partial(SeekableByteChannel file, long start) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        int len = (int) Math.min(HEADER, file.size() - start);
        if (len <= 0) return false;
        read(file, header, start, len);
        int spaces = 0;
        for (int i = 0; i < len - 1; i++) {
            if (header.get(i) != ' ') continue;
            spaces++;
            if (spaces == 2) {
                byte tag = header.get(i + 1);
                byte after = i + 2 < len ? header.get(i + 2) : (byte) ' ';
                return tag == 'P' && (after == ' ' || after == ':');
            }
        }
        return false;
    }

    private static void read(SeekableByteChannel file, ByteBuffer buf, long at, int len) throws IOException {
        buf.clear().limit(len);
        file.position(at);
        while (buf.hasRemaining()) {
            if (file.read(buf) < 0) break;
        }
    }
}
