package dev.beluga.scheduler.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.scheduler.Fixtures;
import dev.beluga.scheduler.framework.ClusterSnapshot;
import dev.beluga.scheduler.framework.FilterPlugin;
import dev.beluga.scheduler.framework.FilterResult;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InterPodAffinityPluginTest {
    private static final String HOSTNAME = "kubernetes.io/hostname";

    private static ClusterSnapshot cluster(List<NodeInfo> nodes, Map<String, Map<String, String>> namespaceLabels) {
        return Fixtures.snapshot(nodes, namespaceLabels);
    }

    private static PodAffinityTerm term(String app, String topologyKey) {
        return new PodAffinityTermBuilder().withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", app).build())
                .withTopologyKey(topologyKey).build();
    }

    private static PodBuilder labelled(String name, String app) {
        return Fixtures.pod(name).editMetadata().addToLabels("app", app).endMetadata();
    }

    private static Pod antiAffine(String name, String app, PodAffinityTerm term) {
        return labelled(name, app).editSpec().withNewAffinity().withNewPodAntiAffinity()
                .addToRequiredDuringSchedulingIgnoredDuringExecution(term).endPodAntiAffinity().endAffinity().endSpec().build();
    }

    private static Pod affine(String name, String app, PodAffinityTerm term) {
        return labelled(name, app).editSpec().withNewAffinity().withNewPodAffinity()
                .addToRequiredDuringSchedulingIgnoredDuringExecution(term).endPodAffinity().endAffinity().endSpec().build();
    }

    private static FilterResult filter(Pod pod, NodeInfo node, List<NodeInfo> all) {
        return filter(pod, node, all, Map.of());
    }

    private static FilterResult filter(Pod pod, NodeInfo node, List<NodeInfo> all, Map<String, Map<String, String>> nsLabels) {
        PodInfo info = PodInfo.of(pod);
        Optional<FilterPlugin.NodeFilter> f = new InterPodAffinityPlugin().filterFor(info, cluster(all, nsLabels));
        return f.map(nf -> nf.filter(node)).orElse(FilterResult.FITS);
    }

    @Test
    void incomingAntiAffinityKeepsPodsApartPerHostname() {
        NodeInfo n1 = Fixtures.nodeInfo(Fixtures.node("n1", "4", "4Gi", 10).build(), labelled("web-1", "web").build());
        NodeInfo n2 = Fixtures.nodeInfo(Fixtures.node("n2", "4", "4Gi", 10).build());
        List<NodeInfo> all = List.of(n1, n2);
        Pod web2 = antiAffine("web-2", "web", term("web", HOSTNAME));
        assertThat(filter(web2, n1, all)).isEqualTo(FilterResult.rejected("node(s) didn't match pod anti-affinity rules"));
        assertThat(filter(web2, n2, all).fits()).isTrue();
        Pod other = antiAffine("db", "db", term("db", HOSTNAME));
        assertThat(filter(other, n1, all).fits()).isTrue();
    }

    @Test
    void existingPodsAntiAffinityIsHonoured() {
        NodeInfo n1 = Fixtures.nodeInfo(Fixtures.node("n1", "4", "4Gi", 10).build(), antiAffine("web-1", "web", term("web", HOSTNAME)));
        NodeInfo n2 = Fixtures.nodeInfo(Fixtures.node("n2", "4", "4Gi", 10).build());
        List<NodeInfo> all = List.of(n1, n2);
        Pod plainWeb = labelled("web-2", "web").build();
        assertThat(filter(plainWeb, n1, all)).isEqualTo(FilterResult.rejected("node(s) didn't satisfy existing pods anti-affinity rules"));
        assertThat(filter(plainWeb, n2, all).fits()).isTrue();
        assertThat(filter(labelled("x", "other").build(), n1, all).fits()).isTrue();
    }

    @Test
    void termsApplyToTheOwnNamespaceUnlessNamespacesOrASelectorSayOtherwise() {
        Pod elsewhere = labelled("web-1", "web").editMetadata().withNamespace("team-b").endMetadata().build();
        NodeInfo n1 = Fixtures.nodeInfo(Fixtures.node("n1", "4", "4Gi", 10).build(), elsewhere);
        List<NodeInfo> all = List.of(n1);
        assertThat(filter(antiAffine("web-2", "web", term("web", HOSTNAME)), n1, all).fits()).isTrue();

        PodAffinityTerm listed = new PodAffinityTermBuilder(term("web", HOSTNAME)).withNamespaces("team-b").build();
        assertThat(filter(antiAffine("web-2", "web", listed), n1, all).fits()).isFalse();

        PodAffinityTerm bySelector = new PodAffinityTermBuilder(term("web", HOSTNAME))
                .withNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("team", "b").build()).build();
        assertThat(filter(antiAffine("web-2", "web", bySelector), n1, all, Map.of("team-b", Map.of("team", "b"))).fits()).isFalse();
        assertThat(filter(antiAffine("web-2", "web", bySelector), n1, all, Map.of()).fits()).isTrue();

        PodAffinityTerm everywhere = new PodAffinityTermBuilder(term("web", HOSTNAME)).withNewNamespaceSelector().endNamespaceSelector().build();
        assertThat(filter(antiAffine("web-2", "web", everywhere), n1, all).fits()).as("an empty namespace selector selects all").isFalse();
    }

    @Test
    void requiredAffinityNeedsAMatchingPodInTheSameTopologyExceptForTheFirstOfAGroup() {
        NodeInfo zoneA1 = Fixtures.nodeInfo(Fixtures.node("a1", "4", "4Gi", 10).editMetadata().addToLabels("zone", "a").endMetadata().build(),
                labelled("cache-1", "cache").build());
        NodeInfo zoneA2 = Fixtures.nodeInfo(Fixtures.node("a2", "4", "4Gi", 10).editMetadata().addToLabels("zone", "a").endMetadata().build());
        NodeInfo zoneB = Fixtures.nodeInfo(Fixtures.node("b1", "4", "4Gi", 10).editMetadata().addToLabels("zone", "b").endMetadata().build());
        NodeInfo noZone = Fixtures.nodeInfo(Fixtures.node("x", "4", "4Gi", 10).build());
        List<NodeInfo> all = List.of(zoneA1, zoneA2, zoneB, noZone);
        Pod web = affine("web", "web", term("cache", "zone"));
        assertThat(filter(web, zoneA2, all).fits()).isTrue();
        assertThat(filter(web, zoneB, all)).isEqualTo(FilterResult.rejected("node(s) didn't match pod affinity rules"));
        assertThat(filter(web, noZone, all).fits()).isFalse();

        // The first pod of a group with affinity to itself may go to any node carrying the topology label.
        Pod firstCache = affine("c", "lonely", term("lonely", "zone"));
        assertThat(filter(firstCache, zoneB, all).fits()).isTrue();
        assertThat(filter(firstCache, noZone, all).fits()).isFalse();
    }

    @Test
    void podsWithoutTermsAreNotFilteredWhenNoExistingPodHasAntiAffinity() {
        NodeInfo n1 = Fixtures.nodeInfo(Fixtures.node("n1", "4", "4Gi", 10).build(), labelled("web-1", "web").build());
        assertThat(new InterPodAffinityPlugin().filterFor(PodInfo.of(Fixtures.pod("p").build()), cluster(List.of(n1), Map.of()))).isEmpty();
    }
}
