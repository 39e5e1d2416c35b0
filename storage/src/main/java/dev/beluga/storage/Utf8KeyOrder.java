package dev.beluga.storage;

import java.util.Comparator;

/**
 * Orders keys the way the SPI does: as UTF-8 byte strings. That is code point order, which differs
 * from {@link String#compareTo} (UTF-16 units) only where a surrogate pair meets a character in
 * U+E000..U+FFFF; comparing without encoding keeps in-memory maps cheap.
 */
public final class Utf8KeyOrder implements Comparator<String> {
    public static final Utf8KeyOrder INSTANCE = new Utf8KeyOrder();

    private Utf8KeyOrder() {}

    @Override
    public int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                return Integer.compare(rank(ca), rank(cb));
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** Moves surrogates above every other UTF-16 unit, so supplementary characters sort after the BMP. */
    private static int rank(char c) {
        if (c < 0xD800) {
            return c;
        }
        return c < 0xE000 ? c + 0x2000 : c - 0x800;
    }
}
