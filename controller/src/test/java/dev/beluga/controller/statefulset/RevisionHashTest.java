package dev.beluga.controller.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RevisionHashTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fnv1Of32BitsMatchesTheReferenceVectors() {
        // FNV-1 (multiply, then xor), as Go's hash/fnv New32
        assertThat(RevisionHash.fnv1()).isEqualTo(0x811c9dc5);
        assertThat(RevisionHash.fnv1(bytes("a"))).isEqualTo(0x050c5d7e);
        assertThat(RevisionHash.fnv1(bytes("foobar"))).isEqualTo(0x31f0b262);
        // parts hash as one stream
        assertThat(RevisionHash.fnv1(bytes("foo"), bytes("bar"))).isEqualTo(0x31f0b262);
    }

    @Test
    void safeEncodingMapsDigitsAsUpstream() {
        assertThat(RevisionHash.safeEncode("0123456789")).isEqualTo("456789bcdf");
    }

    @Test
    void hashIsDecimalThenSafeEncodedAndFollowsTheCollisionCount() {
        byte[] data = bytes("{\"spec\":{}}");
        String h0 = RevisionHash.of(data, 0);
        assertThat(h0).isEqualTo(RevisionHash.safeEncode(Integer.toUnsignedString(RevisionHash.fnv1(data, bytes("0")))));
        assertThat(h0).matches("[456789bcdf]+");
        assertThat(RevisionHash.of(data, 0)).isEqualTo(h0);
        assertThat(RevisionHash.of(data, 1)).isNotEqualTo(h0);
    }

    @Test
    void longParentNamesAreCutTo223() {
        String parent = "x".repeat(240);
        assertThat(RevisionHash.revisionName(parent, "abc")).hasSize(227).endsWith("x-abc");
        assertThat(RevisionHash.revisionName("web", "abc")).isEqualTo("web-abc");
    }
}
