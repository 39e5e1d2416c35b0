package dev.beluga.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.kubernetes.client.proto.Meta;
import org.junit.jupiter.api.Test;

/** Expected texts are what Go's time.Duration.String() prints for the same nanoseconds. */
class GoDurationTextTest {

    @Test
    void subSecondDurationsUseSmallerUnits() {
        assertThat(GoDurationText.of(0)).isEqualTo("0s");
        assertThat(GoDurationText.of(1)).isEqualTo("1ns");
        assertThat(GoDurationText.of(1_500)).isEqualTo("1.5µs");
        assertThat(GoDurationText.of(300_000_000)).isEqualTo("300ms");
        assertThat(GoDurationText.of(1_234_567)).isEqualTo("1.234567ms");
    }

    @Test
    void longerDurationsUseHoursMinutesSeconds() {
        assertThat(GoDurationText.of(1_500_000_000L)).isEqualTo("1.5s");
        assertThat(GoDurationText.of(90_000_000_000L)).isEqualTo("1m30s");
        assertThat(GoDurationText.of(3_600_000_000_000L)).isEqualTo("1h0m0s");
        assertThat(GoDurationText.of(3_723_500_000_000L)).isEqualTo("1h2m3.5s");
        assertThat(GoDurationText.of(-2_000_000_000L)).isEqualTo("-2s");
        assertThat(GoDurationText.of(Long.MIN_VALUE)).isEqualTo("-2562047h47m16.854775808s");
    }

    @Test
    void durationMessageIsItsGoText() {
        Meta.Duration duration = Meta.Duration.newBuilder().setDuration(300_000_000_000L).build();

        assertThat(ApimachineryTypes.json(duration)).contains(new TextNode("5m0s"));
    }
}
