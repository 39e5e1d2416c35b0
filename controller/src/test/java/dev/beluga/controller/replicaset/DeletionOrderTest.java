package dev.beluga.controller.replicaset;

import static dev.beluga.controller.replicaset.ReplicaSetFixtures.NOW;
import static dev.beluga.controller.replicaset.ReplicaSetFixtures.names;
import static dev.beluga.controller.replicaset.ReplicaSetFixtures.pod;
import static dev.beluga.controller.replicaset.ReplicaSetFixtures.ready;
import static dev.beluga.controller.replicaset.ReplicaSetFixtures.rs;
import static dev.beluga.controller.replicaset.ReplicaSetFixtures.withRestarts;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeletionOrderTest {
    private final ReplicaSet rs = rs(3);

    private List<String> order(List<Pod> pods) {
        return names(DeletionOrder.choose(pods, pods, pods.size() - 1, NOW));
    }

    @Test
    void unscheduledBeforeScheduled() {
        Pod scheduled = pod("scheduled", rs, "n1", "Pending").build();
        Pod unscheduled = pod("unscheduled", rs, "", "Pending").build();
        assertThat(DeletionOrder.choose(List.of(scheduled, unscheduled), List.of(), 1, NOW)).extracting(p -> p.getMetadata().getName()).containsExactly("unscheduled");
    }

    @Test
    void pendingBeforeUnknownBeforeRunning() {
        List<Pod> pods = List.of(pod("running", rs, "n1", "Running").build(), pod("unknown", rs, "n2", "Unknown").build(),
                pod("pending", rs, "n3", "Pending").build());
        assertThat(order(pods)).containsExactly("pending", "unknown");
    }

    @Test
    void notReadyBeforeReady() {
        Pod notReady = pod("not-ready", rs, "n1", "Running").build();
        Pod isReady = ready(pod("ready", rs, "n2", "Running"), NOW.minusSeconds(60));
        assertThat(DeletionOrder.choose(List.of(isReady, notReady), List.of(), 1, NOW)).extracting(p -> p.getMetadata().getName()).containsExactly("not-ready");
    }

    @Test
    void lowerDeletionCostFirst() {
        Pod cheap = new PodBuilder(ready(pod("cheap", rs, "n1", "Running"), NOW.minusSeconds(60)))
                .editMetadata().withAnnotations(Map.of(DeletionOrder.DELETION_COST_ANNOTATION, "-5")).endMetadata().build();
        Pod costly = new PodBuilder(ready(pod("costly", rs, "n2", "Running"), NOW.minusSeconds(60)))
                .editMetadata().withAnnotations(Map.of(DeletionOrder.DELETION_COST_ANNOTATION, "100")).endMetadata().build();
        assertThat(DeletionOrder.choose(List.of(costly, cheap), List.of(), 1, NOW)).extracting(p -> p.getMetadata().getName()).containsExactly("cheap");
    }

    @Test
    void doubledUpOnANodeFirst() {
        Instant t = NOW.minusSeconds(3600);
        Pod alone = ready(pod("alone", rs, "n1", "Running"), t);
        Pod crowdedA = ready(pod("crowded-a", rs, "n2", "Running"), t);
        Pod crowdedB = ready(pod("crowded-b", rs, "n2", "Running"), t);
        List<Pod> pods = List.of(alone, crowdedA, crowdedB);
        assertThat(DeletionOrder.choose(pods, pods, 1, NOW)).extracting(p -> p.getSpec().getNodeName()).containsExactly("n2");
    }

    @Test
    void readyForLessTimeFirst() {
        Pod old = ready(pod("old", rs, "n1", "Running"), NOW.minus(Duration.ofDays(10)));
        Pod recent = ready(pod("recent", rs, "n2", "Running"), NOW.minusSeconds(5));
        assertThat(DeletionOrder.choose(List.of(old, recent), List.of(), 1, NOW)).extracting(p -> p.getMetadata().getName()).containsExactly("recent");
    }

    @Test
    void moreRestartsFirst() {
        Instant t = NOW.minusSeconds(100);
        Pod stable = withRestarts(ready(pod("stable", rs, "n1", "Running"), t), 0);
        Pod flaky = withRestarts(ready(pod("flaky", rs, "n2", "Running"), t), 7);
        assertThat(DeletionOrder.choose(List.of(stable, flaky), List.of(), 1, NOW)).extracting(p -> p.getMetadata().getName()).containsExactly("flaky");
    }

    @Test
    void newerFirst() {
        Pod older = new PodBuilder(pod("older", rs, "n1", "Pending").build()).editMetadata().withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata().build();
        Pod newer = new PodBuilder(pod("newer", rs, "n2", "Pending").build()).editMetadata().withCreationTimestamp("2025-03-01T11:59:00Z").endMetadata().build();
        assertThat(DeletionOrder.choose(List.of(older, newer), List.of(), 1, NOW)).extracting(p -> p.getMetadata().getName()).containsExactly("newer");
    }

    @Test
    void aboutTheSameAgeIsDecidedByUid() {
        // 100 and 101 seconds old fall in the same log2 bucket: the smaller uid goes first.
        Pod a = new PodBuilder(pod("a", rs, "n1", "Pending").build()).editMetadata().withUid("b-uid").withCreationTimestamp(NOW.minusSeconds(100).toString()).endMetadata().build();
        Pod b = new PodBuilder(pod("b", rs, "n2", "Pending").build()).editMetadata().withUid("a-uid").withCreationTimestamp(NOW.minusSeconds(101).toString()).endMetadata().build();
        assertThat(DeletionOrder.choose(List.of(a, b), List.of(), 1, NOW)).extracting(p -> p.getMetadata().getName()).containsExactly("b");
    }

    @Test
    void choosingAllNeedsNoOrder() {
        List<Pod> pods = List.of(pod("x", rs, "n1", "Running").build(), pod("y", rs, "", "Pending").build());
        assertThat(DeletionOrder.choose(pods, pods, 5, NOW)).hasSize(2);
    }
}
