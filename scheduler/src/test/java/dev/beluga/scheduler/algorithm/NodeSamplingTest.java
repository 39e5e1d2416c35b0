package dev.beluga.scheduler.algorithm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeSamplingTest {

    @Test
    void smallClustersAreSearchedWhole() {
        assertThat(NodeSampling.feasibleNodesToFind(0, 3)).isEqualTo(3);
        assertThat(NodeSampling.feasibleNodesToFind(0, 99)).isEqualTo(99);
    }

    @Test
    void adaptiveShareShrinksWithClusterSizeButNotBelowFivePercentOrHundredNodes() {
        assertThat(NodeSampling.feasibleNodesToFind(0, 100)).isEqualTo(100);
        assertThat(NodeSampling.feasibleNodesToFind(0, 250)).isEqualTo(120); // 48%
        assertThat(NodeSampling.feasibleNodesToFind(0, 1000)).isEqualTo(420); // 42%
        assertThat(NodeSampling.feasibleNodesToFind(0, 5000)).isEqualTo(500); // 10%
        assertThat(NodeSampling.feasibleNodesToFind(0, 10000)).isEqualTo(500); // floor of 5%
        assertThat(NodeSampling.feasibleNodesToFind(0, 200)).isEqualTo(100); // 48% = 96 -> 100
    }

    @Test
    void aFixedPercentageIsHonoured() {
        assertThat(NodeSampling.feasibleNodesToFind(100, 5000)).isEqualTo(5000);
        assertThat(NodeSampling.feasibleNodesToFind(20, 5000)).isEqualTo(1000);
        assertThat(NodeSampling.feasibleNodesToFind(1, 5000)).isEqualTo(100);
    }
}
