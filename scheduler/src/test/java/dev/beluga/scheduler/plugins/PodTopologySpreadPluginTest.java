package dev.beluga.scheduler.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.scheduler.Fixtures;
import dev.beluga.scheduler.framework.FilterResult;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodTopologySpreadPluginTest {

    private static NodeInfo node(String name, String zone, Pod... pods) {
        var b = Fixtures.node(name, "8", "8Gi", 110);
        if (zone != null) b.editMetadata().addToLabels("zone", zone).endMetadata();
        return Fixtures.nodeInfo(b.build(), pods);
    }

    private static PodBuilder web(String name) {
        return Fixtures.pod(name).editMetadata().addToLabels(Map.of("app", "web", "version", "v1")).endMetadata();
    }

    private static TopologySpreadConstraintBuilder zoneSpread(int maxSkew) {
        return new TopologySpreadConstraintBuilder().withMaxSkew(maxSkew).withTopologyKey("zone").withWhenUnsatisfiable("DoNotSchedule")
                .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build());
    }

    private static PodInfo incoming(TopologySpreadConstraint c) {
        return PodInfo.of(web("new").editSpec().addToTopologySpreadConstraints(c).endSpec().build());
    }

    private static FilterResult filter(PodInfo pod, NodeInfo node, List<NodeInfo> all) {
        return new PodTopologySpreadPlugin().filterFor(pod, Fixtures.snapshot(all)).map(f -> f.filter(node)).orElse(FilterResult.FITS);
    }

    private final NodeInfo a1 = node("a1", "a", web("w1").build());
    private final NodeInfo a2 = node("a2", "a", web("w2").build());
    private final NodeInfo b1 = node("b1", "b", web("w3").build());
    private final NodeInfo c1 = node("c1", "c");
    private final NodeInfo bare = node("bare", null);
    private final List<NodeInfo> all = List.of(a1, a2, b1, c1, bare);

    @Test
    void onlyTheDomainsWithinMaxSkewOfTheEmptiestFit() {
        PodInfo pod = incoming(zoneSpread(1).build());
        // zone a has 2, b 1, c 0: only c keeps the skew at 1.
        assertThat(filter(pod, a1, all)).isEqualTo(FilterResult.rejected("node(s) didn't match pod topology spread constraints"));
        assertThat(filter(pod, b1, all).fits()).isFalse();
        assertThat(filter(pod, c1, all).fits()).isTrue();
        assertThat(filter(pod, bare, all))
                .isEqualTo(FilterResult.rejected("node(s) didn't match pod topology spread constraints (missing required label)"));
        PodInfo relaxed = incoming(zoneSpread(2).build());
        assertThat(filter(relaxed, b1, all).fits()).isTrue();
        assertThat(filter(relaxed, a1, all).fits()).isFalse();
    }

    @Test
    void fewerDomainsThanMinDomainsMakeTheMinimumZero() {
        List<NodeInfo> twoZones = List.of(a1, b1);
        assertThat(filter(incoming(zoneSpread(1).build()), b1, twoZones).fits()).as("a=1, b=1: skew 1").isTrue();
        assertThat(filter(incoming(zoneSpread(1).withMinDomains(3).build()), b1, twoZones).fits()).isFalse();
    }

    @Test
    void nodesOutsideThePodsNodeAffinityDoNotCountUnlessThePolicySaysIgnore() {
        TopologySpreadConstraint honour = zoneSpread(1).build();
        PodInfo notInC = PodInfo.of(web("new").editSpec().addToTopologySpreadConstraints(honour)
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey("zone").withOperator("NotIn").withValues("c").endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build());
        // Counting only a (2) and b (1): the minimum is 1, so b fits.
        assertThat(filter(notInC, b1, all).fits()).isTrue();
        PodInfo ignoring = PodInfo.of(new PodBuilder(notInC.pod()).editSpec()
                .withTopologySpreadConstraints(zoneSpread(1).withNodeAffinityPolicy("Ignore").build()).endSpec().build());
        assertThat(filter(ignoring, b1, all).fits()).isFalse();
    }

    @Test
    void onlyPodsOfTheSameNamespaceNotBeingDeletedAreCounted() {
        NodeInfo busyElsewhere = node("b1", "b", web("w3").editMetadata().withNamespace("other").endMetadata().build(),
                web("w4").editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build());
        List<NodeInfo> nodes = List.of(busyElsewhere, c1);
        assertThat(filter(incoming(zoneSpread(1).build()), busyElsewhere, nodes).fits()).isTrue();
    }

    @Test
    void matchLabelKeysNarrowTheSelectorToThePodsOwnValues() {
        NodeInfo v2Pods = node("b1", "b", web("x1").editMetadata().addToLabels("version", "v2").endMetadata().build(),
                web("x2").editMetadata().addToLabels("version", "v2").endMetadata().build());
        List<NodeInfo> nodes = List.of(v2Pods, c1);
        assertThat(filter(incoming(zoneSpread(1).build()), v2Pods, nodes).fits()).isFalse();
        assertThat(filter(incoming(zoneSpread(1).withMatchLabelKeys("version").build()), v2Pods, nodes).fits())
                .as("the v2 pods are another version's").isTrue();
    }

    @Test
    void scheduleAnywayConstraintsDoNotFilter() {
        PodInfo soft = incoming(zoneSpread(1).withWhenUnsatisfiable("ScheduleAnyway").build());
        assertThat(new PodTopologySpreadPlugin().filterFor(soft, Fixtures.snapshot(all))).isEmpty();
    }
}
