package dev.beluga.controller.statefulset;

import java.nio.charset.StandardCharsets;

/**
 * Upstream's controller history naming (pkg/controller/history): a revision is named
 * {@code <parent>-<hash>}, the hash being FNV-1 32 (Go's {@code fnv.New32}, not 32a) over the
 * revision's data followed by the decimal collision count, printed in decimal and "safe encoded"
 * into consonants and digits so that no word can appear in a name.
 */
final class RevisionHash {
    private static final String SAFE = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;
    /** Names stay within 253 characters: the parent's part is cut to 223. */
    private static final int MAX_PREFIX = 223;

    private RevisionHash() {}

    static String of(byte[] data, int collisionCount) {
        return safeEncode(Integer.toUnsignedString(fnv1(data, Integer.toString(collisionCount).getBytes(StandardCharsets.US_ASCII))));
    }

    static String revisionName(String parent, String hash) {
        String prefix = parent.length() > MAX_PREFIX ? parent.substring(0, MAX_PREFIX) : parent;
        return prefix + "-" + hash;
    }

    /** FNV-1 32 over the parts in order, as one stream. */
    static int fnv1(byte[]... parts) {
        int h = FNV_OFFSET;
        for (byte[] part : parts) {
            for (byte b : part) {
                h *= FNV_PRIME;
                h ^= (b & 0xff);
            }
        }
        return h;
    }

    static String safeEncode(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) sb.append(SAFE.charAt(s.charAt(i) % SAFE.length()));
        return sb.toString();
    }
}
