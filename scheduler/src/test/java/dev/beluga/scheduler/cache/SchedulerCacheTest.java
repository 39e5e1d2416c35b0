package dev.beluga.scheduler.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.scheduler.Fixtures;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerCacheTest {
    private final SchedulerCache cache = new SchedulerCache(ns -> Map.of());

    private NodeInfo node(String name) {
        return cache.node(name).orElseThrow();
    }

    private static Pod bound(Pod pod, String node) {
        return new PodBuilder(pod).editSpec().withNodeName(node).endSpec().build();
    }

    @Test
    void anAssumedPodCountsAtOnceAndIsConfirmedByTheBoundPod() {
        cache.addNode(Fixtures.node("n1", "4", "8Gi", 110).build());
        Pod pending = Fixtures.pod("p", "1", "1Gi").build();
        PodInfo info = PodInfo.of(pending);
        cache.assume(info, "n1");
        assertThat(cache.isAssumed("default/p")).isTrue();
        assertThat(node("n1").requestedMilliCpu()).isEqualTo(1000);

        cache.addPod(bound(pending, "n1"));
        assertThat(cache.isAssumed("default/p")).isFalse();
        assertThat(cache.isPlaced("default/p")).isTrue();
        assertThat(node("n1").requestedMilliCpu()).as("confirmed, not counted twice").isEqualTo(1000);
        assertThat(node("n1").podCount()).isEqualTo(1);
    }

    @Test
    void forgettingAnAssumedPodFreesItsResourcesButNeverTouchesConfirmedOnes() {
        cache.addNode(Fixtures.node("n1", "4", "8Gi", 110).build());
        Pod pending = Fixtures.pod("p", "1", "1Gi").build();
        cache.assume(PodInfo.of(pending), "n1");
        cache.forget(PodInfo.of(pending));
        assertThat(node("n1").podCount()).isZero();
        assertThat(cache.isPlaced("default/p")).isFalse();

        cache.addPod(bound(pending, "n1"));
        cache.forget(PodInfo.of(pending));
        assertThat(node("n1").podCount()).isEqualTo(1);
    }

    @Test
    void podsMayArriveBeforeTheirNodeAndANodeDeletedWithPodsLingers() {
        Pod early = bound(Fixtures.pod("early", "500m", null).build(), "n1");
        cache.addPod(early);
        assertThat(cache.candidates()).isEmpty();
        cache.addNode(Fixtures.node("n1", "4", "8Gi", 110).build());
        assertThat(cache.candidates()).extracting(NodeInfo::name).containsExactly("n1");
        assertThat(node("n1").requestedMilliCpu()).isEqualTo(500);

        cache.removeNode("n1");
        assertThat(cache.candidates()).isEmpty();
        assertThat(cache.node("n1")).isPresent();
        cache.removePod(early);
        assertThat(cache.node("n1")).as("a node with no Node and no pods is dropped").isEmpty();
    }

    @Test
    void removalNeedsTheSameUid() {
        cache.addNode(Fixtures.node("n1", "4", "8Gi", 110).build());
        Pod first = bound(Fixtures.pod("p", "1", null).build(), "n1");
        cache.addPod(first);
        cache.removePod(bound(Fixtures.pod("p").build(), "n1")); // same name, other uid (a recreated pod)
        assertThat(node("n1").podCount()).isEqualTo(1);
        cache.removePod(first);
        assertThat(node("n1").podCount()).isZero();
    }

    @Test
    void tracksNodesWithAntiAffinityPods() {
        cache.addNode(Fixtures.node("n1", "4", "8Gi", 110).build());
        cache.addNode(Fixtures.node("n2", "4", "8Gi", 110).build());
        Pod anti = bound(Fixtures.pod("a").editSpec().withNewAffinity().withNewPodAntiAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withNewLabelSelector().addToMatchLabels("app", "x").endLabelSelector()
                .withTopologyKey("kubernetes.io/hostname").endRequiredDuringSchedulingIgnoredDuringExecution()
                .endPodAntiAffinity().endAffinity().endSpec().build(), "n2");
        cache.addPod(anti);
        assertThat(cache.nodesWithRequiredAntiAffinityPods()).extracting(NodeInfo::name).containsExactly("n2");
        cache.removePod(anti);
        assertThat(cache.nodesWithRequiredAntiAffinityPods()).isEmpty();
    }

    @Test
    void countsEachControllersPodsPerNode() {
        cache.addNode(Fixtures.node("n1", "4", "8Gi", 110).build());
        cache.addNode(Fixtures.node("n2", "4", "8Gi", 110).build());
        var owner = new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName("rs").withUid("rs-uid").withController(true).build();
        Pod a = Fixtures.pod("a").editMetadata().addToOwnerReferences(owner).endMetadata().build();
        Pod b = Fixtures.pod("b").editMetadata().addToOwnerReferences(owner).endMetadata().build();
        cache.assume(PodInfo.of(a), "n1");
        cache.addPod(bound(a, "n1")); // confirmation does not count it twice
        cache.addPod(bound(b, "n2"));
        assertThat(cache.podsOfControllerByNode("rs-uid")).isEqualTo(Map.of(node("n1"), 1, node("n2"), 1));
        cache.removePod(bound(a, "n1"));
        assertThat(cache.podsOfControllerByNode("rs-uid")).isEqualTo(Map.of(node("n2"), 1));
        cache.forget(PodInfo.of(b)); // confirmed: not forgotten
        assertThat(cache.podsOfControllerByNode("rs-uid")).isEqualTo(Map.of(node("n2"), 1));
        cache.removePod(bound(b, "n2"));
        assertThat(cache.podsOfControllerByNode("rs-uid")).isEmpty();
    }

    @Test
    void statusRefreshesKeepTheTotalsAndHoldTheNewerObject() {
        cache.addNode(Fixtures.node("n1", "4", "8Gi", 110).build());
        Pod p = bound(Fixtures.pod("p", "1", "1Gi").build(), "n1");
        cache.addPod(p);
        Pod running = new PodBuilder(p).withNewStatus().withPhase("Running").endStatus().build();
        cache.refreshPod(running);
        NodeInfo n1 = node("n1");
        assertThat(n1.podCount()).isEqualTo(1);
        assertThat(n1.requestedMilliCpu()).isEqualTo(1000);
        assertThat(n1.pods()).singleElement().satisfies(info -> assertThat(info.pod()).isSameAs(running));
    }

    @Test
    void updatesMoveAPodThatChangedNode() {
        cache.addNode(Fixtures.node("n1", "4", "8Gi", 110).build());
        cache.addNode(Fixtures.node("n2", "4", "8Gi", 110).build());
        Pod p = Fixtures.pod("p", "1", null).build();
        cache.assume(PodInfo.of(p), "n1");
        cache.addPod(bound(p, "n2")); // someone else bound it elsewhere
        assertThat(node("n1").podCount()).isZero();
        assertThat(node("n2").podCount()).isEqualTo(1);
    }
}
