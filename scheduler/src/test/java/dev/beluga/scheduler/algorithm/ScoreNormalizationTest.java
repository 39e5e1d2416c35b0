package dev.beluga.scheduler.algorithm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.scheduler.framework.ScorePlugin;
import org.junit.jupiter.api.Test;

class ScoreNormalizationTest {

    @Test
    void scalesSoTheHighestBecomesHundred() {
        long[] s = {10, 5, 0, 99};
        ScorePlugin.normalizeToMax(s, 3, false);
        assertThat(s).containsExactly(100, 50, 0, 99); // only the first count entries
    }

    @Test
    void reversedTheHighestBecomesZero() {
        long[] s = {4, 1, 0};
        ScorePlugin.normalizeToMax(s, 3, true);
        assertThat(s).containsExactly(0, 75, 100);
    }

    @Test
    void allZeroStaysZeroOrBecomesHundredReversed() {
        long[] s = {0, 0};
        ScorePlugin.normalizeToMax(s, 2, false);
        assertThat(s).containsExactly(0, 0);
        ScorePlugin.normalizeToMax(s, 2, true);
        assertThat(s).containsExactly(100, 100);
    }
}
