package dev.beluga.controller.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.api.errors.StatusException;
import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.Patch;
import dev.beluga.client.WatchHandle;
import dev.beluga.client.WatchHandler;
import dev.beluga.client.WatchRequest;
import dev.beluga.client.events.ClientEventRecorder;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.controller.ControllerRefs;
import dev.beluga.controller.PodReadiness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ReplicaSet controller against a real API server (in-process client); the test marks pods Ready where a kubelet would. */
class ReplicaSetControllerIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NS = "default";

    private LocalApiServer api;
    private Client client;
    private InformerFactory informers;
    private ClientEventRecorder events;
    private ReplicaSetController controller;
    private PodCounter counter;

    @BeforeEach
    void start() {
        api = LocalApiServer.start();
        client = api.client();
        counter = new PodCounter(client);
        informers = new InformerFactory(client);
        events = new ClientEventRecorder(client, "replicaset-controller", "");
        controller = ReplicaSetController.start(client, informers, events);
        informers.start();
    }

    @AfterEach
    void stop() {
        if (controller != null) controller.close();
        if (informers != null) informers.close();
        if (events != null) events.close();
        if (counter != null) counter.close();
        if (api != null) api.close();
    }

    /** Watches pods and remembers the most that were ever active at once. */
    static final class PodCounter implements AutoCloseable {
        private final Map<String, Boolean> active = new ConcurrentHashMap<>();
        private final AtomicInteger max = new AtomicInteger();
        private final WatchHandle watch;

        PodCounter(Client client) {
            watch = client.watch(Kind.PODS, NS, WatchRequest.from(""), new WatchHandler<>() {
                @Override
                public void onEvent(EventType type, Pod pod) {
                    String name = pod.getMetadata().getName();
                    if (type == EventType.DELETED || !PodReadiness.isActive(pod)) active.remove(name);
                    else active.put(name, true);
                    max.accumulateAndGet(active.size(), Math::max);
                }

                @Override
                public void onClose(Optional<StatusException> error) {}
            });
        }

        int max() {
            return max.get();
        }

        @Override
        public void close() {
            watch.close();
        }
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

    private ReplicaSet rs() {
        return client.get(Kind.REPLICASETS, NS, "web").orElseThrow();
    }

    private void markReady(Pod pod) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        client.patch(Kind.PODS, NS, pod.getMetadata().getName(), Patch.mergeStatus("{\"status\":{\"phase\":\"Running\",\"conditions\":["
                + "{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"" + now + "\"}]}}"));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    private boolean statusIs(int replicas, long generation) {
        ReplicaSet rs = rs();
        return rs.getStatus() != null && rs.getStatus().getReplicas() != null && rs.getStatus().getReplicas() == replicas
                && rs.getStatus().getObservedGeneration() != null && rs.getStatus().getObservedGeneration() == generation;
    }

    @Test
    void createsItsPodsFromTheTemplateAndNeverMoreThanAsked() throws Exception {
        ReplicaSet created = client.create(Kind.REPLICASETS, web(3));
        await("3 pods and their status", () -> pods().size() == 3 && statusIs(3, 1));
        for (Pod pod : pods()) {
            assertThat(pod.getMetadata().getName()).startsWith("web-");
            assertThat(pod.getMetadata().getLabels()).containsEntry("app", "web");
            assertThat(ControllerRefs.isControlledBy(pod, created)).isTrue();
            assertThat(pod.getMetadata().getOwnerReferences().getFirst().getBlockOwnerDeletion()).isTrue();
        }

        client.patch(Kind.REPLICASETS, NS, "web", Patch.merge("{\"spec\":{\"replicas\":6}}"));
        await("6 pods and their status", () -> pods().size() == 6 && statusIs(6, 2));
        assertThat(counter.max()).isEqualTo(6);
        await("SuccessfulCreate events", () -> client.list(Kind.EVENTS, NS, ListRequest.ALL).items().stream()
                .filter(e -> "SuccessfulCreate".equals(e.getReason())).mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum() == 6);
        Event event = client.list(Kind.EVENTS, NS, ListRequest.ALL).items().stream().filter(e -> "SuccessfulCreate".equals(e.getReason())).findFirst().orElseThrow();
        assertThat(event.getMessage()).startsWith("Created pod: web-");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("ReplicaSet");
    }

    @Test
    void scalingDownDeletesTheLeastValuablePodsFirstAndCountsReadiness() throws Exception {
        client.create(Kind.REPLICASETS, web(3));
        await("3 pods", () -> pods().size() == 3);
        List<Pod> pods = pods();
        markReady(pods.get(0));
        markReady(pods.get(1));
        await("2 ready and available", () -> {
            ReplicaSet rs = rs();
            return rs.getStatus() != null && Integer.valueOf(2).equals(rs.getStatus().getReadyReplicas())
                    && Integer.valueOf(2).equals(rs.getStatus().getAvailableReplicas());
        });

        client.patch(Kind.REPLICASETS, NS, "web", Patch.merge("{\"spec\":{\"replicas\":2}}"));
        await("2 pods", () -> pods().size() == 2 && statusIs(2, 2));
        assertThat(pods()).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(pods.get(0).getMetadata().getName(), pods.get(1).getMetadata().getName());
        await("a SuccessfulDelete event", () -> client.list(Kind.EVENTS, NS, ListRequest.ALL).items().stream()
                .anyMatch(e -> "SuccessfulDelete".equals(e.getReason()) && e.getMessage().equals("Deleted pod: " + pods.get(2).getMetadata().getName())));
    }

    @Test
    void availabilityWaitsForMinReadySeconds() throws Exception {
        ReplicaSet rs = web(1);
        rs.getSpec().setMinReadySeconds(1);
        client.create(Kind.REPLICASETS, rs);
        await("1 pod", () -> pods().size() == 1);
        markReady(pods().getFirst());
        await("ready", () -> rs().getStatus() != null && Integer.valueOf(1).equals(rs().getStatus().getReadyReplicas()));
        // Nothing else changes: only the controller's own requeue can notice the pod becoming available.
        await("available after minReadySeconds", () -> Integer.valueOf(1).equals(rs().getStatus().getAvailableReplicas()));
    }

    @Test
    void adoptsMatchingOrphansAndReleasesPodsThatStopMatching() throws Exception {
        Pod orphan = client.create(Kind.PODS, new PodBuilder()
                .withNewMetadata().withName("orphan").withNamespace(NS).withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().build());
        ReplicaSet created = client.create(Kind.REPLICASETS, web(2));
        await("the orphan adopted and one pod created", () -> pods().size() == 2
                && ControllerRefs.isControlledBy(client.get(Kind.PODS, NS, "orphan").orElseThrow(), created));
        assertThat(counter.max()).isEqualTo(2);

        client.patch(Kind.PODS, NS, "orphan", Patch.merge("{\"metadata\":{\"labels\":{\"app\":\"debug\"}}}"));
        await("the relabeled pod released and replaced", () -> ControllerRefs.controllerOf(client.get(Kind.PODS, NS, "orphan").orElseThrow()).isEmpty()
                && pods().stream().filter(p -> ControllerRefs.isControlledBy(p, created)).count() == 2);
        assertThat(client.get(Kind.PODS, NS, "orphan").orElseThrow().getMetadata().getUid()).isEqualTo(orphan.getMetadata().getUid());
    }

    @Test
    void deletedPodsAreReplaced() throws Exception {
        client.create(Kind.REPLICASETS, web(2));
        await("2 pods", () -> pods().size() == 2);
        String victim = pods().getFirst().getMetadata().getName();
        client.delete(Kind.PODS, NS, victim, new io.fabric8.kubernetes.api.model.DeleteOptions());
        await("a replacement", () -> pods().size() == 2 && pods().stream().noneMatch(p -> p.getMetadata().getName().equals(victim)));
        assertThat(counter.max()).isEqualTo(2);
    }
}
