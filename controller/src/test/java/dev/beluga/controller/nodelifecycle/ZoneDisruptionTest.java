package dev.beluga.controller.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZoneDisruptionTest {
    private static Node node(String name, String zone, String ready) {
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(zone == null ? Map.of() : Map.of("topology.kubernetes.io/zone", zone)).endMetadata()
                .withNewStatus().withConditions(new NodeConditionBuilder().withType("Ready").withStatus(ready).build()).endStatus().build();
    }

    @Test
    void statesAsUpstreamComputeZoneState() {
        assertThat(ZoneDisruption.state(0, 1, 0.55)).isEqualTo(ZoneDisruption.State.FULL_DISRUPTION);
        assertThat(ZoneDisruption.state(1, 2, 0.55)).as("fewer than 3 not ready is normal").isEqualTo(ZoneDisruption.State.NORMAL);
        assertThat(ZoneDisruption.state(2, 3, 0.55)).isEqualTo(ZoneDisruption.State.PARTIAL_DISRUPTION);
        assertThat(ZoneDisruption.state(10, 3, 0.55)).isEqualTo(ZoneDisruption.State.NORMAL);
        assertThat(ZoneDisruption.state(0, 0, 0.55)).isEqualTo(ZoneDisruption.State.NORMAL);
    }

    @Test
    void zonesFromLabelsAndTheStopCondition() {
        List<Node> nodes = List.of(node("a", "z1", "True"), node("b", "z1", "Unknown"), node("c", "z2", "False"),
                new NodeBuilder(node("d", "z2", "True")).editMetadata().addToLabels(ZoneDisruption.EXCLUDE_LABEL, "").endMetadata().build());
        Map<String, ZoneDisruption.Zone> zones = ZoneDisruption.zones(nodes, 0.55);
        assertThat(zones).hasSize(2);
        assertThat(zones.get(ZoneDisruption.zoneOf(nodes.get(0)))).isEqualTo(new ZoneDisruption.Zone(1, 1, ZoneDisruption.State.NORMAL));
        assertThat(zones.get(ZoneDisruption.zoneOf(nodes.get(2))).state()).isEqualTo(ZoneDisruption.State.FULL_DISRUPTION);
        assertThat(ZoneDisruption.allFullyDisrupted(zones)).isFalse();
        assertThat(ZoneDisruption.allFullyDisrupted(ZoneDisruption.zones(List.of(node("x", null, "Unknown")), 0.55))).isTrue();
        assertThat(ZoneDisruption.allFullyDisrupted(Map.of())).isFalse();
    }

    @Test
    void ratesPerStateAndThePacer() {
        NodeLifecycleSettings s = NodeLifecycleSettings.DEFAULTS;
        assertThat(ZoneDisruption.taintRate(ZoneDisruption.State.NORMAL, 3, s)).isEqualTo(0.1);
        assertThat(ZoneDisruption.taintRate(ZoneDisruption.State.PARTIAL_DISRUPTION, 3, s)).isZero();
        assertThat(ZoneDisruption.taintRate(ZoneDisruption.State.PARTIAL_DISRUPTION, 100, s)).isEqualTo(0.01);
        Instant t0 = Instant.parse("2024-05-01T10:00:00Z");
        TaintPacer pacer = new TaintPacer();
        assertThat(pacer.tryTaint("z", t0)).as("unknown zone").isFalse();
        pacer.rate("z", 0.1, t0);
        assertThat(pacer.tryTaint("z", t0)).isTrue();
        assertThat(pacer.tryTaint("z", t0.plusSeconds(5))).isFalse();
        assertThat(pacer.tryTaint("z", t0.plusSeconds(10))).isTrue();
        pacer.rate("z", 0, t0.plusSeconds(10));
        assertThat(pacer.tryTaint("z", t0.plusSeconds(1000))).isFalse();
    }
}
