package dev.beluga.kubelet.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/** Where the last N lines of a file begin (upstream's tail.FindTailLineStartIndex), read backwards in blocks. */
public final class TailStart {
    private static final int BLOCK = 4096;

    private TailStart() {}

    /**
     * The offset of the first of the last {@code lines} lines; 0 when the file has no more lines
     * than that. A final line without "\n" (being written) counts as a line.
     */
    public static long find(SeekableByteChannel file, long lines) throws IOException {
        long size = file.size();
        if (lines <= 0) return size;
        long pos = size;
        long seen = 0;
        ByteBuffer buf = ByteBuffer.allocate(BLOCK);
        boolean last = true;
        while (pos > 0) {
            int len = (int) Math.min(BLOCK, pos);
            pos -= len;
            buf.clear().limit(len);
            file.position(pos);
            while (buf.hasRemaining()) {
                if (file.read(buf) < 0) break;
            }
            for (int i = len - 1; i >= 0; i--) {
                if (buf.get(i) != '\n') {
                    last = false;
                    continue;
                }
                // The line end of the file's last line does not start a line.
                if (last && pos + i == size - 1) {
                    last = false;
                    continue;
                }
                seen++;
                if (seen == lines) return pos + i + 1;
            }
        }
        return 0;
    }
}
