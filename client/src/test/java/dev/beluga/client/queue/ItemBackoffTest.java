package dev.beluga.client.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ItemBackoffTest {
    @Test
    void delaysDoublePerItemUpToTheCap() {
        ItemBackoff<String> backoff = new ItemBackoff<>(Duration.ofMillis(5), Duration.ofSeconds(1), 1_000_000, 1_000_000);
        assertThat(backoff.when("a")).isEqualTo(Duration.ofMillis(5));
        assertThat(backoff.when("a")).isEqualTo(Duration.ofMillis(10));
        assertThat(backoff.when("a")).isEqualTo(Duration.ofMillis(20));
        assertThat(backoff.when("b")).as("items back off independently").isEqualTo(Duration.ofMillis(5));
        for (int i = 0; i < 100; i++) backoff.when("a");
        assertThat(backoff.when("a")).isEqualTo(Duration.ofSeconds(1));
        backoff.forget("a");
        assertThat(backoff.when("a")).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void theOverallBucketSlowsAStormOfFailures() {
        // The bucket refills on the real clock: at 10/s a 50 ms stall of a busy machine between these calls
        // refilled half a token and failed the test. At one token per 10 s a stall must last 5 s to matter.
        ItemBackoff<Integer> backoff = new ItemBackoff<>(Duration.ofNanos(1), Duration.ofSeconds(1), 0.1, 5);
        for (int i = 0; i < 5; i++) assertThat(backoff.when(i)).isLessThan(Duration.ofMillis(1));
        assertThat(backoff.when(99)).as("burst spent: wait for a token at one per 10 s")
                .isGreaterThan(Duration.ofSeconds(5)).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }
}
