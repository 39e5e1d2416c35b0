package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.kubelet.KubeletTimings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterComponentsTest {
    @Test
    void hollowKubeletsKeepUpstreamTimingsUnderTheDefaultGracePeriod() {
        assertThat(ClusterComponents.kubeletTimings(Duration.ofSeconds(40))).isEqualTo(KubeletTimings.upstream());
        assertThat(ClusterComponents.kubeletTimings(Duration.ofMinutes(5))).isEqualTo(KubeletTimings.upstream());
    }

    @Test
    void aShortGracePeriodMakesHollowKubeletsRenewFourTimesWithinIt() {
        KubeletTimings t = ClusterComponents.kubeletTimings(Duration.ofSeconds(8));
        assertThat(t.leaseRenewInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(t.nodeStatusUpdateFrequency()).isEqualTo(Duration.ofSeconds(2));
        assertThat(t.leaseDurationSeconds()).isEqualTo(KubeletTimings.upstream().leaseDurationSeconds());
    }
}
