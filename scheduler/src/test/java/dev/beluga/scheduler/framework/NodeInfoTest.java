package dev.beluga.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.scheduler.Fixtures;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

class NodeInfoTest {

    @Test
    void parsesAllocatableAndKeepsTotalsAsPodsComeAndGo() {
        NodeInfo node = NodeInfo.of(Fixtures.node("n1", "4", "8Gi", 10).build());
        assertThat(node.allocatable().milliCpu()).isEqualTo(4000);
        assertThat(node.allocatable().memory()).isEqualTo(8L << 30);
        assertThat(node.allowedPods()).isEqualTo(10);

        Pod a = Fixtures.pod("a", "1", "1Gi")
                .editMetadata().addToOwnerReferences(new OwnerReferenceBuilder().withUid("rs-1").withController(true).withName("rs").withKind("ReplicaSet").withApiVersion("apps/v1").build()).endMetadata()
                .editSpec().editFirstContainer().addToPorts(new ContainerPortBuilder().withContainerPort(80).withHostPort(8080).build()).endContainer().endSpec()
                .build();
        Pod b = Fixtures.pod("b").build();
        node.addPod(PodInfo.of(a));
        node.addPod(PodInfo.of(b));
        assertThat(node.podCount()).isEqualTo(2);
        assertThat(node.requestedMilliCpu()).isEqualTo(1000);
        assertThat(node.nonZeroMilliCpu()).isEqualTo(1000 + PodRequests.DEFAULT_MILLI_CPU);
        assertThat(node.usedPorts()).containsExactly(new HostPort("TCP", "", 8080));

        // Re-adding the same pod replaces it rather than counting it twice.
        node.addPod(PodInfo.of(a));
        assertThat(node.requestedMilliCpu()).isEqualTo(1000);

        assertThat(node.removePod("default/a")).isTrue();
        assertThat(node.requestedMilliCpu()).isZero();
        assertThat(node.requestedMemory()).isZero();
        assertThat(node.usedPorts()).isEmpty();
        assertThat(node.removePod("default/a")).isFalse();
    }
}
