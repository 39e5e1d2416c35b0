package dev.beluga.kubelet.pod;

import static dev.beluga.kubelet.pod.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackOffTest {
    @Test
    void nothingArmedMeansNoBackOff() {
        RestartBackOff b = RestartBackOff.upstream();
        assertThat(b.inBackOffSince("k", T0, T0)).isFalse();
        assertThat(b.delay("k")).isEqualTo(Duration.ZERO);
    }

    @Test
    void doublesFromTenSecondsToFiveMinutes() {
        RestartBackOff b = RestartBackOff.upstream();
        long[] expected = {10, 20, 40, 80, 160, 300, 300};
        var t = T0;
        for (long e : expected) {
            b = b.next("k", t, t);
            assertThat(b.delay("k")).isEqualTo(Duration.ofSeconds(e));
            t = t.plusSeconds(e + 1);
        }
    }

    @Test
    void waitsTheArmedDelayFromTheFinishTime() {
        RestartBackOff b = RestartBackOff.upstream().next("k", T0, T0);
        var finished = T0.plusSeconds(3);
        assertThat(b.inBackOffSince("k", finished, finished.plusSeconds(9))).isTrue();
        assertThat(b.inBackOffSince("k", finished, finished.plusSeconds(10))).isFalse();
        assertThat(b.inBackOffSince("other", finished, finished)).isFalse();
    }

    @Test
    void aContainerStableForTwiceTheMaximumStartsOver() {
        RestartBackOff b = RestartBackOff.upstream().next("k", T0, T0).next("k", T0.plusSeconds(20), T0.plusSeconds(20));
        assertThat(b.delay("k")).isEqualTo(Duration.ofSeconds(20));
        var muchLater = T0.plusSeconds(20 + 601);
        assertThat(b.inBackOffSince("k", muchLater, muchLater)).isFalse();
        assertThat(b.next("k", muchLater, muchLater).delay("k")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void configurableForFastTests() {
        RestartBackOff b = RestartBackOff.of(Duration.ofSeconds(1), Duration.ofSeconds(4)).next("k", T0, T0).next("k", T0, T0).next("k", T0, T0).next("k", T0, T0);
        assertThat(b.delay("k")).isEqualTo(Duration.ofSeconds(4));
        assertThatThrownBy(() -> RestartBackOff.of(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RestartBackOff.of(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsPrintAsGoDoes() {
        assertThat(GoDuration.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(GoDuration.format(Duration.ofSeconds(80))).isEqualTo("1m20s");
        assertThat(GoDuration.format(Duration.ofMinutes(5))).isEqualTo("5m0s");
        assertThat(GoDuration.format(Duration.ofSeconds(3600))).isEqualTo("1h0m0s");
        assertThat(GoDuration.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(GoDuration.format(Duration.ZERO)).isEqualTo("0s");
    }
}
