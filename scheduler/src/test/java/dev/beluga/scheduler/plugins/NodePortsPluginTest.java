package dev.beluga.scheduler.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.scheduler.Fixtures;
import dev.beluga.scheduler.framework.FilterResult;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

class NodePortsPluginTest {

    private static Pod withHostPort(String name, int port, String ip, String protocol) {
        return Fixtures.pod(name).editSpec().editFirstContainer().addToPorts(new ContainerPortBuilder()
                .withContainerPort(80).withHostPort(port).withHostIP(ip).withProtocol(protocol).build()).endContainer().endSpec().build();
    }

    @Test
    void hostPortsConflictOnSameProtocolAndPortUnlessAddressesDiffer() {
        NodeInfo node = Fixtures.nodeInfo(Fixtures.node("n", "1", "1Gi", 10).build(), withHostPort("a", 8080, "10.0.0.1", "TCP"));
        assertThat(NodePortsPlugin.filter(PodInfo.of(withHostPort("p", 8080, null, null)), node))
                .isEqualTo(FilterResult.rejected("node(s) didn't have free ports for the requested pod ports"));
        assertThat(NodePortsPlugin.filter(PodInfo.of(withHostPort("p", 8080, "10.0.0.2", "TCP")), node).fits()).isTrue();
        assertThat(NodePortsPlugin.filter(PodInfo.of(withHostPort("p", 8080, "10.0.0.1", "UDP")), node).fits()).isTrue();
        assertThat(NodePortsPlugin.filter(PodInfo.of(withHostPort("p", 8081, "10.0.0.1", "TCP")), node).fits()).isTrue();
        assertThat(NodePortsPlugin.filter(PodInfo.of(withHostPort("p", 8080, "10.0.0.1", "TCP")), node).fits()).isFalse();
    }
}
