package dev.beluga.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8KeyOrderTest {
    @Test
    void agreesWithUnsignedComparisonOfTheUtf8Bytes() {
        List<String> samples = new ArrayList<>(List.of("", "/", "/a", "/a/", "/ab", "z", "\u00e9", "\u07ff", "\u0800",
                "\uD7FF", "\uE000", "\uFFFD", "\uFFFF", "\uD800\uDC00", "\uD83D\uDE00", "\uDBFF\uDFFF", "a\uFFFF", "a\uD83D\uDE00"));
        Random random = new Random(42);
        int[] pool = {'a', 'z', 0xE9, 0xD7FF, 0xE000, 0xFFFD, 0x1F600, 0x10FFFF};
        for (int i = 0; i < 200; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = random.nextInt(4); j >= 0; j--) {
                b.appendCodePoint(pool[random.nextInt(pool.length)]);
            }
            samples.add(b.toString());
        }
        for (String a : samples) {
            for (String b : samples) {
                int expected = Integer.signum(Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
                assertThat(Integer.signum(Utf8KeyOrder.INSTANCE.compare(a, b))).as("%s vs %s", a, b).isEqualTo(expected);
            }
        }
    }
}
