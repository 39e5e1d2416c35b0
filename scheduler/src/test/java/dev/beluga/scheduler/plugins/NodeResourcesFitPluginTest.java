package dev.beluga.scheduler.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.scheduler.Fixtures;
import dev.beluga.scheduler.framework.FilterResult;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

class NodeResourcesFitPluginTest {

    @Test
    void fitsWhileRequestsStayWithinAllocatableMinusRequested() {
        NodeInfo node = Fixtures.nodeInfo(Fixtures.node("n", "2", "2Gi", 10).build(), Fixtures.pod("a", "1500m", "1Gi").build());
        assertThat(NodeResourcesFitPlugin.filter(PodInfo.of(Fixtures.pod("p", "500m", "1Gi").build()), node).fits()).isTrue();
        assertThat(NodeResourcesFitPlugin.filter(PodInfo.of(Fixtures.pod("p", "501m", "1Gi").build()), node))
                .isEqualTo(FilterResult.rejected("Insufficient cpu"));
        assertThat(NodeResourcesFitPlugin.filter(PodInfo.of(Fixtures.pod("p", "600m", "2Gi").build()), node))
                .isEqualTo(FilterResult.rejected("Insufficient cpu", "Insufficient memory"));
    }

    @Test
    void podCountIsLimitedByAllocatablePodsEvenForBestEffortPods() {
        NodeInfo node = Fixtures.nodeInfo(Fixtures.node("n", "2", "2Gi", 2).build(), Fixtures.pod("a").build());
        PodInfo bestEffort = PodInfo.of(Fixtures.pod("p").build());
        assertThat(NodeResourcesFitPlugin.filter(bestEffort, node).fits()).isTrue();
        node.addPod(PodInfo.of(Fixtures.pod("b").build()));
        assertThat(NodeResourcesFitPlugin.filter(bestEffort, node)).isEqualTo(FilterResult.rejected("Too many pods"));
        assertThat(NodeResourcesFitPlugin.filter(PodInfo.of(Fixtures.pod("p", "3", null).build()), node))
                .isEqualTo(FilterResult.rejected("Too many pods", "Insufficient cpu"));
    }

    @Test
    void extendedResourcesMustBeOffered() {
        NodeInfo node = Fixtures.nodeInfo(Fixtures.node("n", "2", "2Gi", 10).editStatus()
                .addToAllocatable("example.com/gpu", new Quantity("1")).endStatus().build());
        PodInfo twoGpus = PodInfo.of(Fixtures.pod("p").editSpec().editFirstContainer().editResources()
                .addToRequests("example.com/gpu", new Quantity("2")).endResources().endContainer().endSpec().build());
        assertThat(NodeResourcesFitPlugin.filter(twoGpus, node)).isEqualTo(FilterResult.rejected("Insufficient example.com/gpu"));
        PodInfo oneGpu = PodInfo.of(Fixtures.pod("p").editSpec().editFirstContainer().editResources()
                .addToRequests("example.com/gpu", new Quantity("1")).endResources().endContainer().endSpec().build());
        assertThat(NodeResourcesFitPlugin.filter(oneGpu, node).fits()).isTrue();
    }

    @Test
    void ephemeralStorageIsChecked() {
        NodeInfo node = Fixtures.nodeInfo(Fixtures.node("n", "2", "2Gi", 10).editStatus()
                .addToAllocatable("ephemeral-storage", new Quantity("1Gi")).endStatus().build());
        PodInfo pod = PodInfo.of(Fixtures.pod("p").editSpec().editFirstContainer().editResources()
                .addToRequests("ephemeral-storage", new Quantity("2Gi")).endResources().endContainer().endSpec().build());
        assertThat(NodeResourcesFitPlugin.filter(pod, node)).isEqualTo(FilterResult.rejected("Insufficient ephemeral-storage"));
    }
}
