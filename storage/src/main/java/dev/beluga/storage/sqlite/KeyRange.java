package dev.beluga.storage.sqlite;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The half-open byte range [lower, upper) of keys under a prefix and after a start key, so that one
 * index range scan answers it. {@code upper} is empty when no byte string bounds the prefix.
 */
record KeyRange(byte[] lower, Optional<byte[]> upper) {

    static KeyRange of(String prefix, String startAfter) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] lower = p;
        if (!startAfter.isEmpty()) {
            // The smallest byte string greater than startAfter is startAfter followed by a zero byte.
            byte[] s = startAfter.getBytes(StandardCharsets.UTF_8);
            byte[] next = Arrays.copyOf(s, s.length + 1);
            if (Arrays.compareUnsigned(next, p) > 0) {
                lower = next;
            }
        }
        return new KeyRange(lower, successor(p));
    }

    /** The smallest byte string greater than every string starting with {@code prefix}. */
    private static Optional<byte[]> successor(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] upper = Arrays.copyOf(prefix, i + 1);
                upper[i]++;
                return Optional.of(upper);
            }
        }
        return Optional.empty();
    }
}
