package dev.beluga.controller.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.Patch;
import dev.beluga.controller.ActivePods;
import dev.beluga.controller.Await;
import dev.beluga.controller.ControllerRefs;
import dev.beluga.controller.ControllerTestCluster;
import dev.beluga.controller.PodReadiness;
import dev.beluga.controller.ReadyingKubelet;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ReplicaSet controller against a real API server (in-process client); the test marks pods Ready where a kubelet would. */
class ReplicaSetControllerIntegrationTest {
    private static final String NS = "default";

    private ControllerTestCluster cluster;
    private Client client;
    private final ActivePods counter = new ActivePods();

    @BeforeEach
    void start() {
        cluster = ControllerTestCluster.start("replicaset-controller");
        client = cluster.client();
        cluster.closing(ReadyingKubelet.watching(client, NS, counter));
        cluster.run(ReplicaSetController::start);
        cluster.startInformers();
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    private static ReplicaSet web(int replicas) {
        return new ReplicaSetBuilder()
                .withNewMetadata().withName("web").withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().endTemplate()
                .endSpec().build();
    }

    private List<Pod> pods() {
        return client.list(Kind.PODS, NS, ListRequest.ALL).items().stream().filter(PodReadiness::isActive).toList();
    }

    /**
     * Waits until the counting watch shows the active pods the API holds: it runs apart from the API
     * reads, so right after those it may not have shown the last pods yet (and its max would be low).
     */
    private void awaitWatchCaughtUp() throws InterruptedException {
        Await.until("the pod watch shows the active pods", () -> {
            Set<String> api = pods().stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
            Set<String> watched = counter.pods().stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
            return api.equals(watched);
        });
    }

    private ReplicaSet rs() {
        return client.get(Kind.REPLICASETS, NS, "web").orElseThrow();
    }

    private boolean statusIs(int replicas, long generation) {
        ReplicaSet rs = rs();
        return rs.getStatus() != null && rs.getStatus().getReplicas() != null && rs.getStatus().getReplicas() == replicas
                && rs.getStatus().getObservedGeneration() != null && rs.getStatus().getObservedGeneration() == generation;
    }

    @Test
    void createsItsPodsFromTheTemplateAndNeverMoreThanAsked() throws Exception {
        ReplicaSet created = client.create(Kind.REPLICASETS, web(3));
        Await.until("3 pods and their status", () -> pods().size() == 3 && statusIs(3, 1));
        for (Pod pod : pods()) {
            assertThat(pod.getMetadata().getName()).startsWith("web-");
            assertThat(pod.getMetadata().getLabels()).containsEntry("app", "web");
            assertThat(ControllerRefs.isControlledBy(pod, created)).isTrue();
            assertThat(pod.getMetadata().getOwnerReferences().getFirst().getBlockOwnerDeletion()).isTrue();
        }

        client.patch(Kind.REPLICASETS, NS, "web", Patch.merge("{\"spec\":{\"replicas\":6}}"));
        Await.until("6 pods and their status", () -> pods().size() == 6 && statusIs(6, 2));
        awaitWatchCaughtUp();
        assertThat(counter.max()).isEqualTo(6);
        Await.until("SuccessfulCreate events", () -> client.list(Kind.EVENTS, NS, ListRequest.ALL).items().stream()
                .filter(e -> "SuccessfulCreate".equals(e.getReason())).mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum() == 6);
        Event event = client.list(Kind.EVENTS, NS, ListRequest.ALL).items().stream().filter(e -> "SuccessfulCreate".equals(e.getReason())).findFirst().orElseThrow();
        assertThat(event.getMessage()).startsWith("Created pod: web-");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("ReplicaSet");
    }

    @Test
    void scalingDownDeletesTheLeastValuablePodsFirstAndCountsReadiness() throws Exception {
        client.create(Kind.REPLICASETS, web(3));
        Await.until("3 pods", () -> pods().size() == 3);
        List<Pod> pods = pods();
        ReadyingKubelet.markReady(client, pods.get(0));
        ReadyingKubelet.markReady(client, pods.get(1));
        Await.until("2 ready and available", () -> {
            ReplicaSet rs = rs();
            return rs.getStatus() != null && Integer.valueOf(2).equals(rs.getStatus().getReadyReplicas())
                    && Integer.valueOf(2).equals(rs.getStatus().getAvailableReplicas());
        });

        client.patch(Kind.REPLICASETS, NS, "web", Patch.merge("{\"spec\":{\"replicas\":2}}"));
        Await.until("2 pods", () -> pods().size() == 2 && statusIs(2, 2));
        assertThat(pods()).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(pods.get(0).getMetadata().getName(), pods.get(1).getMetadata().getName());
        Await.until("a SuccessfulDelete event", () -> client.list(Kind.EVENTS, NS, ListRequest.ALL).items().stream()
                .anyMatch(e -> "SuccessfulDelete".equals(e.getReason()) && e.getMessage().equals("Deleted pod: " + pods.get(2).getMetadata().getName())));
    }

    @Test
    void availabilityWaitsForMinReadySeconds() throws Exception {
        ReplicaSet rs = web(1);
        rs.getSpec().setMinReadySeconds(1);
        client.create(Kind.REPLICASETS, rs);
        Await.until("1 pod", () -> pods().size() == 1);
        ReadyingKubelet.markReady(client, pods().getFirst());
        Await.until("ready", () -> rs().getStatus() != null && Integer.valueOf(1).equals(rs().getStatus().getReadyReplicas()));
        // Nothing else changes: only the controller's own requeue can notice the pod becoming available.
        Await.until("available after minReadySeconds", () -> Integer.valueOf(1).equals(rs().getStatus().getAvailableReplicas()));
    }

    @Test
    void adoptsMatchingOrphansAndReleasesPodsThatStopMatching() throws Exception {
        Pod orphan = client.create(Kind.PODS, new PodBuilder()
                .withNewMetadata().withName("orphan").withNamespace(NS).withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().build());
        ReplicaSet created = client.create(Kind.REPLICASETS, web(2));
        Await.until("the orphan adopted and one pod created", () -> pods().size() == 2
                && ControllerRefs.isControlledBy(client.get(Kind.PODS, NS, "orphan").orElseThrow(), created));
        awaitWatchCaughtUp();
        assertThat(counter.max()).isEqualTo(2);

        client.patch(Kind.PODS, NS, "orphan", Patch.merge("{\"metadata\":{\"labels\":{\"app\":\"debug\"}}}"));
        Await.until("the relabeled pod released and replaced", () -> ControllerRefs.controllerOf(client.get(Kind.PODS, NS, "orphan").orElseThrow()).isEmpty()
                && pods().stream().filter(p -> ControllerRefs.isControlledBy(p, created)).count() == 2);
        assertThat(client.get(Kind.PODS, NS, "orphan").orElseThrow().getMetadata().getUid()).isEqualTo(orphan.getMetadata().getUid());
    }

    @Test
    void deletedPodsAreReplaced() throws Exception {
        client.create(Kind.REPLICASETS, web(2));
        Await.until("2 pods", () -> pods().size() == 2);
        String victim = pods().getFirst().getMetadata().getName();
        client.delete(Kind.PODS, NS, victim, new io.fabric8.kubernetes.api.model.DeleteOptions());
        Await.until("a replacement", () -> pods().size() == 2 && pods().stream().noneMatch(p -> p.getMetadata().getName().equals(victim)));
        awaitWatchCaughtUp();
        assertThat(counter.max()).isEqualTo(2);
    }
}
