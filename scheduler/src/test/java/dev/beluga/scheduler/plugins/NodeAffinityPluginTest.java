package dev.beluga.scheduler.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.scheduler.Fixtures;
import dev.beluga.scheduler.framework.FilterResult;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import dev.beluga.scheduler.framework.ScorePlugin;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTermBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeAffinityPluginTest {
    private final NodeInfo ssdZoneA = Fixtures.nodeInfo(Fixtures.node("n1", "1", "1Gi", 10).editMetadata()
            .addToLabels(Map.of("disk", "ssd", "zone", "a", "cores", "8")).endMetadata().build());
    private final NodeInfo hddZoneB = Fixtures.nodeInfo(Fixtures.node("n2", "1", "1Gi", 10).editMetadata()
            .addToLabels(Map.of("disk", "hdd", "zone", "b", "cores", "2")).endMetadata().build());

    private static Pod required(io.fabric8.kubernetes.api.model.NodeSelectorTerm... terms) {
        return Fixtures.pod("p").editSpec().withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withNodeSelectorTerms(terms).endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();
    }

    private static io.fabric8.kubernetes.api.model.NodeSelectorTerm expr(String key, String op, String... values) {
        return new NodeSelectorTermBuilder().addToMatchExpressions(new NodeSelectorRequirementBuilder()
                .withKey(key).withOperator(op).withValues(List.of(values)).build()).build();
    }

    private static boolean fits(Pod pod, NodeInfo node) {
        return NodeAffinityPlugin.filter(PodInfo.of(pod), node).fits();
    }

    @Test
    void nodeSelectorNeedsEveryLabel() {
        Pod pod = Fixtures.pod("p").editSpec().withNodeSelector(Map.of("disk", "ssd", "zone", "a")).endSpec().build();
        assertThat(fits(pod, ssdZoneA)).isTrue();
        assertThat(NodeAffinityPlugin.filter(PodInfo.of(pod), hddZoneB))
                .isEqualTo(FilterResult.rejected("node(s) didn't match Pod's node affinity/selector"));
        Pod partly = Fixtures.pod("p").editSpec().withNodeSelector(Map.of("disk", "ssd", "zone", "b")).endSpec().build();
        assertThat(fits(partly, ssdZoneA)).isFalse();
    }

    @Test
    void operators() {
        assertThat(fits(required(expr("disk", "In", "ssd", "nvme")), ssdZoneA)).isTrue();
        assertThat(fits(required(expr("disk", "In", "ssd", "nvme")), hddZoneB)).isFalse();
        assertThat(fits(required(expr("disk", "NotIn", "ssd")), hddZoneB)).isTrue();
        assertThat(fits(required(expr("gpu", "NotIn", "x")), hddZoneB)).as("NotIn holds when the label is absent").isTrue();
        assertThat(fits(required(expr("disk", "Exists")), hddZoneB)).isTrue();
        assertThat(fits(required(expr("gpu", "Exists")), hddZoneB)).isFalse();
        assertThat(fits(required(expr("gpu", "DoesNotExist")), hddZoneB)).isTrue();
        assertThat(fits(required(expr("cores", "Gt", "4")), ssdZoneA)).isTrue();
        assertThat(fits(required(expr("cores", "Gt", "4")), hddZoneB)).isFalse();
        assertThat(fits(required(expr("cores", "Lt", "4")), hddZoneB)).isTrue();
        assertThat(fits(required(expr("zone", "Gt", "4")), hddZoneB)).as("a non-integer label never compares").isFalse();
    }

    @Test
    void termsAreOredAndExpressionsWithinATermAnded() {
        io.fabric8.kubernetes.api.model.NodeSelectorTerm both = new NodeSelectorTermBuilder()
                .addToMatchExpressions(new NodeSelectorRequirementBuilder().withKey("disk").withOperator("In").withValues("ssd").build())
                .addToMatchExpressions(new NodeSelectorRequirementBuilder().withKey("zone").withOperator("In").withValues("b").build())
                .build();
        assertThat(fits(required(both), ssdZoneA)).isFalse();
        assertThat(fits(required(both, expr("zone", "In", "a")), ssdZoneA)).isTrue();
        assertThat(fits(required(new NodeSelectorTermBuilder().build()), ssdZoneA)).as("an empty term selects nothing").isFalse();
    }

    @Test
    void matchFieldsSelectsByNodeName() {
        io.fabric8.kubernetes.api.model.NodeSelectorTerm byName = new NodeSelectorTermBuilder().addToMatchFields(
                new NodeSelectorRequirementBuilder().withKey("metadata.name").withOperator("In").withValues("n2").build()).build();
        assertThat(fits(required(byName), hddZoneB)).isTrue();
        assertThat(fits(required(byName), ssdZoneA)).isFalse();
    }

    @Test
    void preferredTermsScoreTheirWeightsScaledToTheBest() {
        Pod pod = Fixtures.pod("p").editSpec().withNewAffinity().withNewNodeAffinity()
                .addToPreferredDuringSchedulingIgnoredDuringExecution(
                        new PreferredSchedulingTermBuilder().withWeight(10).withPreference(expr("disk", "In", "ssd")).build(),
                        new PreferredSchedulingTermBuilder().withWeight(30).withPreference(expr("zone", "Exists")).build())
                .endNodeAffinity().endAffinity().endSpec().build();
        PodInfo info = PodInfo.of(pod);
        assertThat(NodeAffinityPlugin.preferredWeight(info, ssdZoneA)).isEqualTo(40);
        assertThat(NodeAffinityPlugin.preferredWeight(info, hddZoneB)).isEqualTo(30);
        ScorePlugin.NodeScorer scorer = new NodeAffinityPlugin(2).scorerFor(info, null).orElseThrow();
        long[] scores = {scorer.score(ssdZoneA), scorer.score(hddZoneB)};
        scorer.normalize(scores, 2);
        assertThat(scores).containsExactly(100, 75);
        assertThat(new NodeAffinityPlugin(2).scorerFor(PodInfo.of(Fixtures.pod("q").build()), null)).isEmpty();
    }
}
