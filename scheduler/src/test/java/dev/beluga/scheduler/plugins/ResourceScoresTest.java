package dev.beluga.scheduler.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.scheduler.Fixtures;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import dev.beluga.scheduler.framework.PodRequests;
import org.junit.jupiter.api.Test;

class ResourceScoresTest {

    @Test
    void leastAllocatedAveragesTheFreeShareOfCpuAndMemory() {
        // 4 cpu / 8Gi; 1 cpu and 2Gi already requested; the pod asks 1 cpu and 2Gi -> 50% free of each.
        NodeInfo node = Fixtures.nodeInfo(Fixtures.node("n", "4", "8Gi", 10).build(), Fixtures.pod("a", "1", "2Gi").build());
        PodInfo pod = PodInfo.of(Fixtures.pod("p", "1", "2Gi").build());
        assertThat(LeastAllocatedPlugin.score(pod, node)).isEqualTo(50);
        // cpu 3/4 used -> 25, memory 1Gi+2Gi of 8Gi -> 62 (integer division per resource), average 43.
        PodInfo cpuHeavy = PodInfo.of(Fixtures.pod("p", "2", "1Gi").build());
        assertThat(LeastAllocatedPlugin.score(cpuHeavy, node)).isEqualTo((25 + 62) / 2);
        PodInfo tooBig = PodInfo.of(Fixtures.pod("p", "8", "2Gi").build());
        assertThat(LeastAllocatedPlugin.score(tooBig, node)).as("over capacity scores 0 for that resource").isEqualTo((0 + 50) / 2);
    }

    @Test
    void leastAllocatedCountsDefaultRequestsForBestEffortPods() {
        NodeInfo node = Fixtures.nodeInfo(Fixtures.node("n", "1", "1Gi", 10).build());
        PodInfo bestEffort = PodInfo.of(Fixtures.pod("p").build());
        long cpu = (1000 - PodRequests.DEFAULT_MILLI_CPU) * 100 / 1000;
        long mem = ((1L << 30) - PodRequests.DEFAULT_MEMORY) * 100 / (1L << 30);
        assertThat(LeastAllocatedPlugin.score(bestEffort, node)).isEqualTo((cpu + mem) / 2);
    }

    @Test
    void balancedAllocationPrefersEqualCpuAndMemoryShares() {
        NodeInfo empty = Fixtures.nodeInfo(Fixtures.node("n", "4", "4Gi", 10).build());
        PodInfo balanced = PodInfo.of(Fixtures.pod("p", "1", "1Gi").build());
        PodInfo skewed = PodInfo.of(Fixtures.pod("p", "2", "0").build());
        assertThat(BalancedAllocationPlugin.score(balanced, empty)).isEqualTo(100);
        // cpu 0.5, memory 0 -> std 0.25 -> 75
        assertThat(BalancedAllocationPlugin.score(skewed, empty)).isEqualTo(75);
        assertThat(new BalancedAllocationPlugin(1).scorerFor(PodInfo.of(Fixtures.pod("b").build()), null))
                .as("best-effort pods are not scored").isEmpty();
    }

    @Test
    void controllerSpreadingFavoursNodesWithFewerSiblings() {
        var owner = new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName("rs").withUid("rs-uid").withController(true).build();
        var sibling = Fixtures.pod("s1").editMetadata().addToOwnerReferences(owner).endMetadata();
        NodeInfo none = Fixtures.nodeInfo(Fixtures.node("a", "4", "4Gi", 10).build());
        NodeInfo one = Fixtures.nodeInfo(Fixtures.node("b", "4", "4Gi", 10).build(), sibling.build());
        NodeInfo two = Fixtures.nodeInfo(Fixtures.node("c", "4", "4Gi", 10).build(), sibling.build(),
                Fixtures.pod("s2").editMetadata().addToOwnerReferences(owner).endMetadata().build());
        PodInfo pod = PodInfo.of(Fixtures.pod("p").editMetadata().addToOwnerReferences(owner).endMetadata().build());
        var scorer = new ControllerSpreadPlugin(2).scorerFor(pod, Fixtures.snapshot(java.util.List.of(none, one, two))).orElseThrow();
        long[] scores = {scorer.score(none), scorer.score(one), scorer.score(two)};
        scorer.normalize(scores, 3);
        assertThat(scores).containsExactly(100, 50, 0);
        assertThat(new ControllerSpreadPlugin(2).scorerFor(PodInfo.of(Fixtures.pod("loner").build()), null)).isEmpty();
    }
}
