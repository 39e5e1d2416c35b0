package dev.beluga.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.kubelet.KubeletConfig;
import dev.beluga.kubelet.MachineInfo;
import dev.beluga.kubelet.runtime.ImageInfo;
import dev.beluga.kubelet.runtime.RuntimeStatus;
import dev.beluga.kubelet.runtime.RuntimeVersion;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeObjectsTest {
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final MachineInfo MACHINE = new MachineInfo("linux", "amd64", "Debian GNU/Linux 12 (bookworm)", "6.1.0", "m1", "u1", "b1");
    private static final KubeletConfig CONFIG = KubeletConfig.of("node-1", "172.16.0.2", "10.244.1.0/24",
            Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"), "pods", new Quantity("110")), MACHINE);
    private static final NodeFacts READY = new NodeFacts(new RuntimeVersion("sim", "0.1.0", "v1"), RuntimeStatus.ready(),
            List.of(new ImageInfo("sha256:1", List.of("docker.io/library/busybox:1.35"), List.of("docker.io/library/busybox@sha256:1"), 2_000_000)));

    private static NodeCondition condition(NodeStatus s, String type) {
        return s.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void registersWithWellKnownLabelsCidrAndStatus() {
        Node n = NodeObjects.registration(CONFIG, READY, T0);
        assertThat(n.getMetadata().getName()).isEqualTo("node-1");
        assertThat(n.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", "node-1").containsEntry("kubernetes.io/os", "linux")
                .containsEntry("kubernetes.io/arch", "amd64");
        assertThat(n.getSpec().getPodCIDR()).isEqualTo("10.244.1.0/24");
        assertThat(n.getSpec().getPodCIDRs()).containsExactly("10.244.1.0/24");
        NodeStatus s = n.getStatus();
        assertThat(s.getCapacity()).containsEntry("pods", new Quantity("110")).containsEntry("cpu", new Quantity("4"));
        assertThat(s.getAllocatable()).isEqualTo(s.getCapacity());
        assertThat(s.getAddresses()).extracting(a -> a.getType() + "=" + a.getAddress()).containsExactly("InternalIP=172.16.0.2", "Hostname=node-1");
        assertThat(s.getNodeInfo().getKubeletVersion()).isEqualTo(NodeObjects.KUBELET_VERSION);
        assertThat(s.getNodeInfo().getContainerRuntimeVersion()).isEqualTo("sim://0.1.0");
        assertThat(s.getNodeInfo().getOsImage()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(s.getNodeInfo().getArchitecture()).isEqualTo("amd64");
        assertThat(s.getDaemonEndpoints().getKubeletEndpoint().getPort()).isEqualTo(10250);
        assertThat(s.getImages()).singleElement().satisfies(i -> assertThat(i.getNames()).contains("docker.io/library/busybox:1.35"));
        assertThat(s.getConditions()).extracting(NodeCondition::getType).containsExactly("MemoryPressure", "DiskPressure", "PIDPressure", "Ready");
        NodeCondition ready = condition(s, "Ready");
        assertThat(ready.getStatus()).isEqualTo("True");
        assertThat(ready.getReason()).isEqualTo("KubeletReady");
        assertThat(ready.getMessage()).isEqualTo("kubelet is posting ready status");
        assertThat(condition(s, "MemoryPressure").getReason()).isEqualTo("KubeletHasSufficientMemory");
        assertThat(condition(s, "DiskPressure").getStatus()).isEqualTo("False");
    }

    @Test
    void heartbeatsAloneAreNoChange() {
        NodeStatus first = NodeObjects.status(CONFIG, READY, new NodeStatus(), T0);
        NodeStatus later = NodeObjects.status(CONFIG, READY, first, T0.plusSeconds(10));
        assertThat(condition(later, "Ready").getLastHeartbeatTime()).isEqualTo("2025-01-01T10:00:10Z");
        assertThat(condition(later, "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(NodeObjects.changed(first, later)).isFalse();
    }

    @Test
    void aRuntimeThatIsDownMakesTheNodeNotReady() {
        NodeStatus first = NodeObjects.status(CONFIG, READY, new NodeStatus(), T0);
        NodeFacts down = new NodeFacts(READY.runtimeVersion(), new RuntimeStatus(false, true, "connection refused"), List.of());
        NodeStatus s = NodeObjects.status(CONFIG, down, first, T0.plusSeconds(10));
        NodeCondition ready = condition(s, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("KubeletNotReady");
        assertThat(ready.getMessage()).isEqualTo("container runtime is down: connection refused");
        assertThat(ready.getLastTransitionTime()).isEqualTo("2025-01-01T10:00:10Z");
        assertThat(NodeObjects.changed(first, s)).isTrue();
    }

    @Test
    void theLeaseIsHeldByTheNodeAndOwnedByIt() {
        Lease l = NodeLeases.renewed(Optional.empty(), "node-1", Optional.of("node-uid"), 40, T0);
        assertThat(l.getMetadata().getNamespace()).isEqualTo("kube-node-lease");
        assertThat(l.getMetadata().getName()).isEqualTo("node-1");
        assertThat(l.getSpec().getHolderIdentity()).isEqualTo("node-1");
        assertThat(l.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
        assertThat(l.getSpec().getRenewTime().toInstant()).isEqualTo(T0);
        assertThat(l.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Node");
            assertThat(o.getUid()).isEqualTo("node-uid");
        });
        Lease renewed = NodeLeases.renewed(Optional.of(l), "node-1", Optional.of("node-uid"), 40, T0.plusSeconds(10));
        assertThat(renewed.getSpec().getRenewTime().toInstant()).isEqualTo(T0.plusSeconds(10));
        assertThat(renewed.getMetadata().getName()).isEqualTo("node-1");
    }
}
