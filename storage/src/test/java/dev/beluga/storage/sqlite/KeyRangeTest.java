package dev.beluga.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyRangeTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void prefixRangeEndsAtTheNextByteString() {
        KeyRange r = KeyRange.of("/pods/", "");
        assertThat(r.lower()).isEqualTo(utf8("/pods/"));
        assertThat(r.upper()).hasValueSatisfying(u -> assertThat(u).isEqualTo(utf8("/pods0")));
    }

    @Test
    void trailingFfBytesAreDroppedAndAnAllFfPrefixHasNoUpperBound() {
        assertThat(KeyRange.of("", "").upper()).isEmpty();
        KeyRange r = KeyRange.of("\u00ff", "");
        // U+00FF is C3 BF in UTF-8, so the successor is C3 C0.
        assertThat(r.upper()).hasValueSatisfying(u -> assertThat(u).containsExactly(0xC3, 0xC0));
    }

    @Test
    void startAfterMovesTheLowerBoundJustPastThatKeyOnlyWhenItIsPastThePrefix() {
        assertThat(KeyRange.of("/p/", "/p/b").lower()).isEqualTo(new byte[] {'/', 'p', '/', 'b', 0});
        assertThat(KeyRange.of("/p/", "/a").lower()).isEqualTo(utf8("/p/"));
    }
}
