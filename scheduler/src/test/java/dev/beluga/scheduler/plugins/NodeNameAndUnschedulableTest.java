package dev.beluga.scheduler.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.scheduler.Fixtures;
import dev.beluga.scheduler.framework.FilterResult;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import org.junit.jupiter.api.Test;

class NodeNameAndUnschedulableTest {
    private final NodeInfo n1 = Fixtures.nodeInfo(Fixtures.node("n1", "1", "1Gi", 10).build());

    @Test
    void nodeNameFitsOnlyTheNamedNode() {
        PodInfo named = PodInfo.of(Fixtures.pod("p").editSpec().withNodeName("n2").endSpec().build());
        assertThat(NodeNamePlugin.filter(named, n1)).isEqualTo(FilterResult.rejected("node(s) didn't match the requested node name"));
        assertThat(NodeNamePlugin.filter(PodInfo.of(Fixtures.pod("p").editSpec().withNodeName("n1").endSpec().build()), n1).fits()).isTrue();
        assertThat(NodeNamePlugin.filter(PodInfo.of(Fixtures.pod("p").build()), n1).fits()).isTrue();
    }

    @Test
    void cordonedNodeRejectsUnlessTheUnschedulableTaintIsTolerated() {
        NodeInfo cordoned = Fixtures.nodeInfo(Fixtures.node("n1", "1", "1Gi", 10).editSpec().withUnschedulable(true).endSpec().build());
        PodInfo plain = PodInfo.of(Fixtures.pod("p").build());
        assertThat(NodeUnschedulablePlugin.filter(plain, cordoned)).isEqualTo(FilterResult.rejected("node(s) were unschedulable"));
        assertThat(NodeUnschedulablePlugin.filter(plain, n1).fits()).isTrue();

        PodInfo tolerant = PodInfo.of(Fixtures.pod("p").editSpec().addToTolerations(new TolerationBuilder()
                .withKey("node.kubernetes.io/unschedulable").withOperator("Exists").withEffect("NoSchedule").build()).endSpec().build());
        assertThat(NodeUnschedulablePlugin.filter(tolerant, cordoned).fits()).isTrue();
        PodInfo tolerateAll = PodInfo.of(Fixtures.pod("p").editSpec().addToTolerations(new TolerationBuilder().withOperator("Exists").build()).endSpec().build());
        assertThat(NodeUnschedulablePlugin.filter(tolerateAll, cordoned).fits()).isTrue();
        PodInfo wrongEffect = PodInfo.of(Fixtures.pod("p").editSpec().addToTolerations(new TolerationBuilder()
                .withKey("node.kubernetes.io/unschedulable").withOperator("Exists").withEffect("NoExecute").build()).endSpec().build());
        assertThat(NodeUnschedulablePlugin.filter(wrongEffect, cordoned).fits()).isFalse();
    }
}
