package dev.beluga.controller.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeHealthTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(40);
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private static NodeCondition cond(String type, String status, String heartbeat) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason("KubeletReady").withMessage("ok")
                .withLastHeartbeatTime(heartbeat).withLastTransitionTime("2024-05-01T09:00:00Z").build();
    }

    private static Node node(NodeCondition... conditions) {
        return new NodeBuilder().withNewMetadata().withName("n1").withCreationTimestamp("2024-05-01T09:00:00Z").endMetadata()
                .withNewStatus().withConditions(List.of(conditions)).endStatus().build();
    }

    private static Lease lease(Instant renew) {
        return new LeaseBuilder().withNewMetadata().withName("n1").withNamespace("kube-node-lease").endMetadata()
                .withNewSpec().withRenewTime(renew.atZone(ZoneOffset.UTC)).endSpec().build();
    }

    @Test
    void aNodeFirstSeenCountsFromNowAndStaysHealthyWithinTheGracePeriod() {
        Node n = node(cond("Ready", "True", "2024-05-01T09:59:00Z"));
        NodeHealth.Probe p = NodeHealth.observe(Optional.empty(), n, Optional.empty(), T0);
        assertThat(p.probedAt()).isEqualTo(T0);
        assertThat(NodeHealth.evaluate(n, p, T0.plus(GRACE), GRACE, STARTUP).changed()).isFalse();
    }

    @Test
    void aRenewedLeaseOrANewHeartbeatIsAProbe() {
        Node n = node(cond("Ready", "True", "2024-05-01T09:59:00Z"));
        NodeHealth.Probe p = NodeHealth.observe(Optional.empty(), n, Optional.of(lease(T0)), T0);
        NodeHealth.Probe same = NodeHealth.observe(Optional.of(p), n, Optional.of(lease(T0)), T0.plusSeconds(30));
        assertThat(same.probedAt()).isEqualTo(T0);
        NodeHealth.Probe renewed = NodeHealth.observe(Optional.of(same), n, Optional.of(lease(T0.plusSeconds(10))), T0.plusSeconds(31));
        assertThat(renewed.probedAt()).isEqualTo(T0.plusSeconds(31));
        // An older renewal (a Lease read out of order) is not progress.
        NodeHealth.Probe older = NodeHealth.observe(Optional.of(renewed), n, Optional.of(lease(T0.plusSeconds(5))), T0.plusSeconds(40));
        assertThat(older.probedAt()).isEqualTo(T0.plusSeconds(31));
        Node beat = node(cond("Ready", "True", "2024-05-01T10:00:50Z"));
        assertThat(NodeHealth.observe(Optional.of(older), beat, Optional.empty(), T0.plusSeconds(50)).probedAt()).isEqualTo(T0.plusSeconds(50));
    }

    @Test
    void pastTheGracePeriodMonitoredConditionsBecomeUnknown() {
        Node n = node(cond("Ready", "True", "2024-05-01T09:59:00Z"), cond("MemoryPressure", "False", "2024-05-01T09:59:00Z"),
                cond("NetworkUnavailable", "False", "2024-05-01T09:59:00Z"));
        NodeHealth.Probe p = NodeHealth.observe(Optional.empty(), n, Optional.empty(), T0);
        NodeHealth.Verdict v = NodeHealth.evaluate(n, p, T0.plus(GRACE).plusSeconds(1), GRACE, STARTUP);
        assertThat(v.changed()).isTrue();
        NodeCondition ready = v.conditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("Unknown");
        assertThat(ready.getReason()).isEqualTo("NodeStatusUnknown");
        assertThat(ready.getMessage()).isEqualTo("Kubelet stopped posting node status.");
        assertThat(ready.getLastHeartbeatTime()).isEqualTo("2024-05-01T09:59:00Z");
        assertThat(ready.getLastTransitionTime()).isEqualTo("2024-05-01T10:00:41Z");
        assertThat(v.conditions()).filteredOn(c -> c.getType().equals("NetworkUnavailable")).extracting(NodeCondition::getStatus).containsExactly("False");
        assertThat(v.conditions()).filteredOn(c -> c.getType().equals("DiskPressure"))
                .extracting(NodeCondition::getStatus, NodeCondition::getReason).containsExactly(org.assertj.core.groups.Tuple.tuple("Unknown", "NodeStatusNeverUpdated"));
        assertThat(v.conditions()).extracting(NodeCondition::getType).contains("PIDPressure", "MemoryPressure");
        // Already Unknown everywhere: nothing more to write.
        Node unknown = new NodeBuilder(n).editStatus().withConditions(v.conditions()).endStatus().build();
        assertThat(NodeHealth.evaluate(unknown, p, T0.plusSeconds(120), GRACE, STARTUP).changed()).isFalse();
    }

    @Test
    void aNodeThatNeverPostedReadyGetsTheStartupGraceFromItsCreation() {
        Node n = node();
        NodeHealth.Probe p = NodeHealth.observe(Optional.empty(), n, Optional.empty(), T0);
        assertThat(p.probedAt()).isEqualTo(Instant.parse("2024-05-01T09:00:00Z"));
        NodeHealth.Verdict v = NodeHealth.evaluate(n, p, T0, GRACE, STARTUP);
        assertThat(v.changed()).isTrue();
        assertThat(v.conditions()).hasSize(4).allSatisfy(c -> {
            assertThat(c.getStatus()).isEqualTo("Unknown");
            assertThat(c.getReason()).isEqualTo("NodeStatusNeverUpdated");
            assertThat(c.getMessage()).isEqualTo("Kubelet never posted node status.");
        });
        Node young = new NodeBuilder(n).editMetadata().withCreationTimestamp("2024-05-01T09:59:30Z").endMetadata().build();
        NodeHealth.Probe fresh = NodeHealth.observe(Optional.empty(), young, Optional.empty(), T0);
        assertThat(NodeHealth.evaluate(young, fresh, T0.plusSeconds(25), GRACE, STARTUP).changed()).as("within the startup grace").isFalse();
        assertThat(NodeHealth.evaluate(young, fresh, T0.plusSeconds(31), GRACE, STARTUP).changed()).as("past the startup grace").isTrue();
    }
}
