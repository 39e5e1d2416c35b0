package dev.beluga.controller.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlowStartTest {
    @Test
    void batchesDoubleUntilTheCountIsReached() {
        assertThat(SlowStart.batches(0)).isEmpty();
        assertThat(SlowStart.batches(1)).containsExactly(1);
        assertThat(SlowStart.batches(2)).containsExactly(1, 1);
        assertThat(SlowStart.batches(10)).containsExactly(1, 2, 4, 3);
        assertThat(SlowStart.batches(15)).containsExactly(1, 2, 4, 8);
        assertThat(SlowStart.batches(500).stream().mapToInt(Integer::intValue).sum()).isEqualTo(500);
    }
}
