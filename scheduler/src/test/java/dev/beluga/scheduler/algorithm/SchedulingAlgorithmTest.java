package dev.beluga.scheduler.algorithm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.scheduler.Fixtures;
import dev.beluga.scheduler.framework.ClusterSnapshot;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SchedulingAlgorithmTest {

    private static ClusterSnapshot cluster(List<NodeInfo> nodes) {
        return Fixtures.snapshot(nodes);
    }

    private static ScheduleResult schedule(SchedulingAlgorithm algorithm, PodInfo pod, List<NodeInfo> nodes) {
        return algorithm.schedule(pod, nodes, cluster(nodes));
    }

    private final SchedulingAlgorithm algorithm = new SchedulingAlgorithm(Profile.defaults(), 0, new Random(1));

    @Test
    void noNodes() {
        assertThat(schedule(algorithm, PodInfo.of(Fixtures.pod("p").build()), List.of()))
                .isEqualTo(new ScheduleResult.Unschedulable("no nodes available to schedule pods"));
    }

    @Test
    void failureCountsTheFirstRejectionOfEachNode() {
        NodeInfo small1 = Fixtures.nodeInfo(Fixtures.node("small1", "1", "4Gi", 10).editMetadata().addToLabels("disk", "ssd").endMetadata().build());
        NodeInfo small2 = Fixtures.nodeInfo(Fixtures.node("small2", "1", "4Gi", 10).editMetadata().addToLabels("disk", "ssd").endMetadata().build());
        NodeInfo hdd = Fixtures.nodeInfo(Fixtures.node("hdd", "8", "4Gi", 10).build());
        NodeInfo tainted = Fixtures.nodeInfo(Fixtures.node("tainted", "8", "4Gi", 10).editSpec()
                .addToTaints(new TaintBuilder().withKey("dedicated").withValue("infra").withEffect("NoSchedule").build()).endSpec().build());
        PodInfo pod = PodInfo.of(Fixtures.pod("p", "2", "1Gi").editSpec().withNodeSelector(Map.of("disk", "ssd")).endSpec().build());
        ScheduleResult r = schedule(algorithm, pod, List.of(small1, hdd, small2, tainted));
        assertThat(r).isEqualTo(new ScheduleResult.Unschedulable("0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, "
                + "1 node(s) had untolerated taint {dedicated: infra}, 2 Insufficient cpu."));
    }

    @Test
    void picksTheLeastAllocatedNode() {
        NodeInfo busy = Fixtures.nodeInfo(Fixtures.node("busy", "4", "8Gi", 10).build(), Fixtures.pod("a", "3", "6Gi").build());
        NodeInfo idle = Fixtures.nodeInfo(Fixtures.node("idle", "4", "8Gi", 10).build());
        PodInfo pod = PodInfo.of(Fixtures.pod("p", "500m", "512Mi").build());
        for (int i = 0; i < 20; i++) {
            assertThat(schedule(algorithm, pod, List.of(busy, idle))).isEqualTo(new ScheduleResult.Scheduled("idle", 2, 2));
        }
    }

    @Test
    void aSingleFeasibleNodeIsTakenWithoutScoring() {
        NodeInfo full = Fixtures.nodeInfo(Fixtures.node("full", "1", "1Gi", 1).build(), Fixtures.pod("a").build());
        NodeInfo free = Fixtures.nodeInfo(Fixtures.node("free", "1", "1Gi", 1).build());
        assertThat(schedule(algorithm, PodInfo.of(Fixtures.pod("p").build()), List.of(full, free)))
                .isEqualTo(new ScheduleResult.Scheduled("free", 2, 1));
    }

    @Test
    void tiesAreBrokenAcrossAllEquallyGoodNodes() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 5; i++) nodes.add(Fixtures.nodeInfo(Fixtures.node("n" + i, "4", "8Gi", 110).build()));
        PodInfo pod = PodInfo.of(Fixtures.pod("p", "100m", "100Mi").build());
        Map<String, Integer> chosen = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            ScheduleResult.Scheduled s = (ScheduleResult.Scheduled) schedule(algorithm, pod, nodes);
            chosen.merge(s.node(), 1, Integer::sum);
        }
        assertThat(chosen).hasSize(5);
        assertThat(chosen.values()).allSatisfy(count -> assertThat(count).isGreaterThan(50));
    }

    @Test
    void largeClustersAreSampledFromARotatingStart() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) nodes.add(Fixtures.nodeInfo(Fixtures.node("n" + i, "4", "8Gi", 110).build()));
        PodInfo pod = PodInfo.of(Fixtures.pod("p", "100m", "100Mi").build());
        ScheduleResult.Scheduled first = (ScheduleResult.Scheduled) schedule(algorithm, pod, nodes);
        assertThat(first.evaluatedNodes()).isEqualTo(420);
        assertThat(first.feasibleNodes()).isEqualTo(420);
        assertThat(Integer.parseInt(first.node().substring(1))).isLessThan(420);
        ScheduleResult.Scheduled second = (ScheduleResult.Scheduled) schedule(algorithm, pod, nodes);
        assertThat(Integer.parseInt(second.node().substring(1))).isBetween(420, 839);
        ScheduleResult.Scheduled third = (ScheduleResult.Scheduled) schedule(algorithm, pod, nodes);
        int n = Integer.parseInt(third.node().substring(1));
        assertThat(n >= 840 || n < 260).as("wraps around: %s", third.node()).isTrue();
    }

    @Test
    void spreadsTheReplicasOfOneController() {
        var owner = new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName("rs").withUid("rs-uid").withController(true).build();
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) nodes.add(Fixtures.nodeInfo(Fixtures.node("n" + i, "64", "256Gi", 110).build()));
        for (int i = 0; i < 9; i++) {
            PodInfo replica = PodInfo.of(Fixtures.pod("r" + i, "10m", "10Mi").editMetadata().addToOwnerReferences(owner).endMetadata().build());
            ScheduleResult.Scheduled s = (ScheduleResult.Scheduled) schedule(algorithm, replica, nodes);
            nodes.stream().filter(n -> n.name().equals(s.node())).findFirst().orElseThrow().addPod(replica);
        }
        assertThat(nodes).allSatisfy(n -> assertThat(n.podCount()).isEqualTo(3));
    }
}
