package dev.beluga.controller.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeTaintsTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    private static Taint taint(String key, String effect) {
        return new TaintBuilder().withKey(key).withEffect(effect).withTimeAdded("2024-05-01T09:00:00Z").build();
    }

    private static Node node(String ready, boolean unschedulable, Taint... taints) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName("n1").endMetadata()
                .withNewSpec().withUnschedulable(unschedulable ? true : null).withTaints(taints.length == 0 ? null : new ArrayList<>(List.of(taints))).endSpec()
                .withNewStatus().endStatus();
        if (ready != null) b.editStatus().addToConditions(new NodeConditionBuilder().withType("Ready").withStatus(ready).build()).endStatus();
        return b.build();
    }

    private static List<String> keys(List<Taint> ts) {
        return ts.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
    }

    @Test
    void unknownReadyGetsBothUnreachableTaintsAndTheNoExecuteOneIsPaced() {
        NodeTaints.Change c = NodeTaints.plan(node("Unknown", false), false);
        assertThat(keys(c.add())).containsExactlyInAnyOrder("node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute");
        assertThat(c.remove()).isEmpty();
        assertThat(c.rateLimited()).isTrue();
        assertThat(keys(c.withoutNoExecuteAdditions().add())).containsExactly("node.kubernetes.io/unreachable:NoSchedule");
        List<Taint> applied = NodeTaints.apply(List.of(taint("user", "NoSchedule")), c, NOW);
        assertThat(keys(applied)).containsExactly("user:NoSchedule", "node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute");
        assertThat(applied.get(2).getTimeAdded()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(applied.get(0).getTimeAdded()).isEqualTo("2024-05-01T09:00:00Z");
    }

    @Test
    void notReadySwapsUnreachableAtOnce() {
        NodeTaints.Change c = NodeTaints.plan(node("False", false, taint(NodeTaints.UNREACHABLE, "NoExecute"), taint(NodeTaints.UNREACHABLE, "NoSchedule")), false);
        assertThat(keys(c.add())).containsExactlyInAnyOrder("node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/not-ready:NoExecute");
        assertThat(keys(c.remove())).containsExactlyInAnyOrder("node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute");
        assertThat(c.rateLimited()).as("a swap is not paced").isFalse();
    }

    @Test
    void readyRemovesTheControllersTaintsAndLeavesOthers() {
        Node n = node("True", false, taint(NodeTaints.NOT_READY, "NoExecute"), taint(NodeTaints.NOT_READY, "NoSchedule"),
                taint("dedicated", "NoExecute"), taint(NodeTaints.UNSCHEDULABLE, "NoSchedule"));
        NodeTaints.Change c = NodeTaints.plan(n, false);
        assertThat(c.add()).isEmpty();
        assertThat(keys(c.remove())).containsExactlyInAnyOrder("node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/not-ready:NoSchedule",
                "node.kubernetes.io/unschedulable:NoSchedule");
        assertThat(keys(NodeTaints.apply(n.getSpec().getTaints(), c, NOW))).containsExactly("dedicated:NoExecute");
        assertThat(NodeTaints.plan(node("True", false), false).none()).isTrue();
    }

    @Test
    void cordonPressureAndDisruptionMode() {
        Node cordoned = node("True", true);
        assertThat(keys(NodeTaints.plan(cordoned, false).add())).containsExactly("node.kubernetes.io/unschedulable:NoSchedule");
        Node pressured = new NodeBuilder(node("True", false)).editStatus()
                .addToConditions(new NodeConditionBuilder().withType("MemoryPressure").withStatus("True").build())
                .addToConditions(new NodeConditionBuilder().withType("DiskPressure").withStatus("False").build()).endStatus().build();
        assertThat(keys(NodeTaints.plan(pressured, false).add())).containsExactly("node.kubernetes.io/memory-pressure:NoSchedule");
        NodeTaints.Change stopped = NodeTaints.plan(node("Unknown", false, taint(NodeTaints.UNREACHABLE, "NoExecute")), true);
        assertThat(keys(stopped.add())).containsExactly("node.kubernetes.io/unreachable:NoSchedule");
        assertThat(keys(stopped.remove())).containsExactly("node.kubernetes.io/unreachable:NoExecute");
        NodeTaints.Change noReady = NodeTaints.plan(node(null, false, taint(NodeTaints.UNREACHABLE, "NoExecute")), false);
        assertThat(noReady.none()).as("without a Ready condition the NoExecute taints are left as they are").isTrue();
    }
}
