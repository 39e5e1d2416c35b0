package dev.beluga.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HumanDurationTest {

    private static String f(Duration d) {
        return HumanDuration.format(d);
    }

    @Test
    void seconds() {
        assertThat(f(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(f(Duration.ofSeconds(119))).isEqualTo("119s");
    }

    @Test
    void minutesWithSecondsUnderTen() {
        assertThat(f(Duration.ofSeconds(182))).isEqualTo("3m2s");
        assertThat(f(Duration.ofMinutes(4))).isEqualTo("4m");
        assertThat(f(Duration.ofMinutes(25).plusSeconds(30))).isEqualTo("25m");
    }

    @Test
    void hours() {
        assertThat(f(Duration.ofMinutes(179))).isEqualTo("179m");
        assertThat(f(Duration.ofHours(5).plusMinutes(10))).isEqualTo("5h10m");
        assertThat(f(Duration.ofHours(6))).isEqualTo("6h");
        assertThat(f(Duration.ofHours(30))).isEqualTo("30h");
    }

    @Test
    void days() {
        assertThat(f(Duration.ofHours(51))).isEqualTo("2d3h");
        assertThat(f(Duration.ofDays(3))).isEqualTo("3d");
        assertThat(f(Duration.ofDays(90))).isEqualTo("90d");
    }

    @Test
    void years() {
        assertThat(f(Duration.ofDays(365 * 2 + 30))).isEqualTo("2y30d");
        assertThat(f(Duration.ofDays(365 * 3))).isEqualTo("3y");
        assertThat(f(Duration.ofDays(365 * 10 + 5))).isEqualTo("10y");
    }

    @Test
    void clockSkew() {
        assertThat(f(Duration.ofMillis(-1500))).isEqualTo("0s");
        assertThat(f(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    }

    @Test
    void sinceAbsentTimestampIsUnknown() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(HumanDuration.since(Optional.empty(), now)).isEqualTo("<unknown>");
        assertThat(HumanDuration.since(Optional.of(now.minusSeconds(65)), now)).isEqualTo("65s");
    }
}
