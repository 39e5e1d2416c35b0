package dev.beluga.controller.podgc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodCollectionTest {
    private static Pod pod(String name, String node, String phase, String created, boolean deleting) {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName(name).withCreationTimestamp(created)
                .withDeletionTimestamp(deleting ? "2024-01-01T00:00:00Z" : null).endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPhase(phase).endStatus().build();
    }

    private static List<String> names(List<PodCollection.Deletion> ds) {
        return ds.stream().map(d -> d.pod().getMetadata().getName() + ":" + d.reason()).toList();
    }

    @Test
    void oldestTerminatedPodsBeyondTheThresholdGoEvictedFirst() {
        Pod evicted = new PodBuilder(pod("evicted", "n1", "Failed", "2024-01-03T00:00:00Z", false)).editStatus().withReason("Evicted").endStatus().build();
        List<Pod> pods = List.of(
                pod("new", "n1", "Succeeded", "2024-01-05T00:00:00Z", false),
                pod("old", "n1", "Failed", "2024-01-01T00:00:00Z", false),
                evicted,
                pod("middle", "n1", "Succeeded", "2024-01-02T00:00:00Z", false),
                pod("running", "n1", "Running", "2023-01-01T00:00:00Z", false));
        assertThat(names(PodCollection.plan(pods, Set.of(), 2))).containsExactly("evicted:TERMINATED_OVER_THRESHOLD", "old:TERMINATED_OVER_THRESHOLD");
        assertThat(PodCollection.plan(pods, Set.of(), 4)).isEmpty();
        assertThat(PodCollection.plan(pods, Set.of(), 0)).as("a threshold of 0 disables it").isEmpty();
    }

    @Test
    void podsOnGoneNodesAndUnscheduledTerminatingPodsGoOnce() {
        List<Pod> pods = List.of(
                pod("orphan", "gone", "Running", "2024-01-01T00:00:00Z", false),
                pod("terminating-orphan", "gone", "Running", "2024-01-01T00:00:00Z", true),
                pod("fine", "n1", "Running", "2024-01-01T00:00:00Z", false),
                pod("stuck", null, "Pending", "2024-01-01T00:00:00Z", true),
                pod("done-orphan", "gone", "Succeeded", "2024-01-01T00:00:00Z", false));
        assertThat(names(PodCollection.plan(pods, Set.of("gone"), 1))).containsExactly(
                "orphan:ORPHANED", "terminating-orphan:ORPHANED", "done-orphan:ORPHANED", "stuck:UNSCHEDULED_TERMINATING");
    }

    @Test
    void quarantineKeepsFirstSightAndDropsNodesThatCameBack() {
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        Map<String, Instant> q = PodCollection.quarantine(Map.of(), Set.of("a", "b"), t0);
        q = PodCollection.quarantine(q, Set.of("a", "c"), t0.plusSeconds(30));
        assertThat(q).containsOnlyKeys("a", "c").containsEntry("a", t0).containsEntry("c", t0.plusSeconds(30));
        assertThat(PodCollection.due(q, t0.plusSeconds(39), Duration.ofSeconds(40))).isEmpty();
        assertThat(PodCollection.due(q, t0.plusSeconds(40), Duration.ofSeconds(40))).containsExactly("a");
        assertThat(PodCollection.missingNodes(List.of(pod("x", "a", "Running", "", false), pod("y", "n1", "Running", "", false),
                pod("z", null, "Pending", "", false)), Set.of("n1"))).containsExactly("a");
    }
}
