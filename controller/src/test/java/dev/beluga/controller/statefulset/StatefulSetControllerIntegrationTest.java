package dev.beluga.controller.statefulset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.api.codec.Json;
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
import dev.beluga.controller.PodReadiness;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller against a real API server (in-process client). No kubelet runs: the test plays
 * one by marking every new pod Running and Ready, and keeps a log of what happened in order, so
 * ordering is asserted on the sequence of events rather than on timing.
 */
class StatefulSetControllerIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NS = "default";

    private LocalApiServer api;
    private Client client;
    private InformerFactory informers;
    private ClientEventRecorder events;
    private StatefulSetController controller;
    private ReadyingKubelet kubelet;

    @BeforeEach
    void start() {
        api = LocalApiServer.start();
        client = api.client();
        informers = new InformerFactory(client);
        events = new ClientEventRecorder(client, "statefulset-controller", "");
        controller = StatefulSetController.start(client, informers, events);
        informers.start();
        kubelet = new ReadyingKubelet(client);
    }

    @AfterEach
    void stop() {
        if (kubelet != null) kubelet.close();
        if (controller != null) controller.close();
        if (informers != null) informers.close();
        if (events != null) events.close();
        if (api != null) api.close();
    }

    /** Marks each pod Running and Ready once it appears, logging "ready X" before it does and "added X"/"deleted X" as the watch shows them. */
    static final class ReadyingKubelet implements AutoCloseable {
        private final Client client;
        private final List<String> log = new ArrayList<>();
        private final ExecutorService patcher = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
        private final WatchHandle watch;
        private volatile boolean readying = true;

        ReadyingKubelet(Client client) {
            this.client = client;
            this.watch = client.watch(Kind.PODS, NS, WatchRequest.from(""), new WatchHandler<>() {
                @Override
                public void onEvent(EventType type, Pod pod) {
                    String name = pod.getMetadata().getName();
                    switch (type) {
                        case ADDED -> {
                            record("added " + name);
                            if (readying) patcher.submit(() -> markReady(name, pod.getMetadata().getUid()));
                        }
                        case DELETED -> record("deleted " + name);
                        case MODIFIED -> { }
                    }
                }

                @Override
                public void onClose(Optional<StatusException> error) {}
            });
        }

        void stopReadying() {
            readying = false;
        }

        private void markReady(String name, String uid) {
            record("ready " + name);
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            try {
                client.patch(Kind.PODS, NS, name, Patch.mergeStatus("{\"metadata\":{\"uid\":\"" + uid + "\"},\"status\":{\"phase\":\"Running\",\"conditions\":["
                        + "{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"" + now + "\"}]}}"));
            } catch (StatusException e) {
                // the pod went (scale down, update) before it was marked: nothing to mark
            }
        }

        synchronized void record(String line) {
            log.add(line);
        }

        synchronized List<String> log() {
            return List.copyOf(log);
        }

        @Override
        public void close() {
            watch.close();
            patcher.shutdownNow();
        }
    }

    private static StatefulSet web(int replicas, String image) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName("web").withNamespace(NS).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName("nginx")
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage(image).endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private StatefulSet set() {
        return client.get(Kind.STATEFULSETS, NS, "web").orElseThrow();
    }

    private List<Pod> pods() {
        return client.list(Kind.PODS, NS, ListRequest.ALL).items().stream()
                .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }

    private List<ControllerRevision> revisions() {
        return client.list(Kind.CONTROLLERREVISIONS, NS, ListRequest.ALL).items().stream()
                .sorted(Comparator.comparing(ControllerRevision::getRevision)).toList();
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        eventually(() -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty(), what);
    }

    private static <T> T eventually(Supplier<Optional<T>> probe, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<T> v = probe.get();
            if (v.isPresent()) return v.get();
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    /** Every pod exists, Ready, at the image, and the set's status says the rollout is complete. */
    private void awaitRolledOut(int replicas, String image) throws InterruptedException {
        eventually(() -> {
            StatefulSet s = set();
            List<Pod> pods = pods();
            return s.getStatus() != null
                    && Integer.valueOf(replicas).equals(s.getStatus().getReadyReplicas())
                    && Integer.valueOf(replicas).equals(s.getStatus().getReplicas())
                    && Integer.valueOf(replicas).equals(s.getStatus().getUpdatedReplicas())
                    && s.getStatus().getUpdateRevision() != null
                    && s.getStatus().getUpdateRevision().equals(s.getStatus().getCurrentRevision())
                    && s.getMetadata().getGeneration().equals(s.getStatus().getObservedGeneration())
                    && pods.size() == replicas
                    && pods.stream().allMatch(p -> p.getMetadata().getDeletionTimestamp() == null
                            && image.equals(p.getSpec().getContainers().getFirst().getImage())
                            && PodReadiness.isRunningAndReady(p));
        }, replicas + " ready pods at " + image);
    }

    private List<String> linesAbout(String prefix) {
        return kubelet.log().stream().filter(l -> l.startsWith(prefix)).toList();
    }

    /** The "deleted" lines once the pod watch has shown {@code count} of them (it runs apart from the API reads). */
    private List<String> deletions(int count) throws InterruptedException {
        eventually(() -> linesAbout("deleted").size() >= count, count + " deletions seen by the watch");
        return linesAbout("deleted");
    }

    @Test
    void startsInOrderEachAfterThePreviousIsReadyAndScalesDownInReverse() throws Exception {
        client.create(Kind.STATEFULSETS, web(3, "nginx:1.25"));
        awaitRolledOut(3, "nginx:1.25");

        // web-N appears only after web-(N-1) was marked ready ("ready" is logged before the patch)
        assertThat(kubelet.log()).containsSubsequence("added web-0", "ready web-0", "added web-1", "ready web-1", "added web-2");
        assertThat(kubelet.log().indexOf("added web-1")).isGreaterThan(kubelet.log().indexOf("ready web-0"));
        assertThat(kubelet.log().indexOf("added web-2")).isGreaterThan(kubelet.log().indexOf("ready web-1"));

        Pod web0 = client.get(Kind.PODS, NS, "web-0").orElseThrow();
        assertThat(web0.getSpec().getHostname()).isEqualTo("web-0");
        assertThat(web0.getSpec().getSubdomain()).isEqualTo("nginx");
        assertThat(web0.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", "web-0")
                .containsEntry("apps.kubernetes.io/pod-index", "0")
                .containsEntry("controller-revision-hash", set().getStatus().getCurrentRevision());
        assertThat(web0.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(set().getMetadata().getUid()));
        List<ControllerRevision> revisions = revisions();
        assertThat(revisions).singleElement().satisfies(r -> {
            assertThat(r.getRevision()).isEqualTo(1L);
            assertThat(r.getMetadata().getName()).isEqualTo(set().getStatus().getUpdateRevision());
        });
        Event created = eventually(() -> client.list(Kind.EVENTS, NS, ListRequest.ALL).items().stream()
                .filter(e -> "SuccessfulCreate".equals(e.getReason()) && e.getMessage().contains("web-0")).findFirst(), "SuccessfulCreate");
        assertThat(created.getMessage()).isEqualTo("create Pod web-0 in StatefulSet web successful");
        assertThat(created.getInvolvedObject().getKind()).isEqualTo("StatefulSet");

        client.patch(Kind.STATEFULSETS, NS, "web", Patch.merge("{\"spec\":{\"replicas\":1}}"));
        eventually(() -> pods().size() == 1, "scale down to 1");
        assertThat(deletions(2)).containsExactly("deleted web-2", "deleted web-1");
        assertThat(pods()).extracting(p -> p.getMetadata().getName()).containsExactly("web-0");
        eventually(() -> Integer.valueOf(1).equals(set().getStatus().getReplicas()), "status.replicas 1");
    }

    @Test
    void aDeletedPodComesBackUnderItsName() throws Exception {
        client.create(Kind.STATEFULSETS, web(2, "nginx:1.25"));
        awaitRolledOut(2, "nginx:1.25");
        String uid = client.get(Kind.PODS, NS, "web-1").orElseThrow().getMetadata().getUid();

        client.delete(Kind.PODS, NS, "web-1", new DeleteOptions());
        Pod back = eventually(() -> client.get(Kind.PODS, NS, "web-1").filter(p -> !p.getMetadata().getUid().equals(uid)), "web-1 recreated");
        assertThat(back.getSpec().getHostname()).isEqualTo("web-1");
        awaitRolledOut(2, "nginx:1.25");
    }

    @Test
    void aFailedPodIsReplaced() throws Exception {
        client.create(Kind.STATEFULSETS, web(1, "nginx:1.25"));
        awaitRolledOut(1, "nginx:1.25");
        String uid = client.get(Kind.PODS, NS, "web-0").orElseThrow().getMetadata().getUid();

        client.patch(Kind.PODS, NS, "web-0", Patch.mergeStatus("{\"status\":{\"phase\":\"Failed\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]}}"));
        eventually(() -> client.get(Kind.PODS, NS, "web-0").filter(p -> !p.getMetadata().getUid().equals(uid)).isPresent(), "web-0 replaced");
        awaitRolledOut(1, "nginx:1.25");
    }

    @Test
    void rollingUpdateHonoursThePartitionAndGoesFromTheHighestOrdinalDown() throws Exception {
        client.create(Kind.STATEFULSETS, web(3, "nginx:1.25"));
        awaitRolledOut(3, "nginx:1.25");
        String oldRevision = set().getStatus().getCurrentRevision();

        client.patch(Kind.STATEFULSETS, NS, "web", Patch.strategic("{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":1}},"
                + "\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.26\"}]}}}}"));
        eventually(() -> {
            StatefulSet s = set();
            return s.getStatus() != null && Integer.valueOf(2).equals(s.getStatus().getUpdatedReplicas())
                    && Integer.valueOf(3).equals(s.getStatus().getReadyReplicas()) && pods().size() == 3
                    && pods().stream().allMatch(PodReadiness::isRunningAndReady);
        }, "the partitioned update");
        StatefulSet partial = set();
        assertThat(partial.getStatus().getCurrentRevision()).isEqualTo(oldRevision);
        assertThat(partial.getStatus().getUpdateRevision()).isNotEqualTo(oldRevision);
        assertThat(partial.getStatus().getCurrentReplicas()).isEqualTo(1);
        assertThat(pods()).extracting(p -> p.getSpec().getContainers().getFirst().getImage())
                .containsExactly("nginx:1.25", "nginx:1.26", "nginx:1.26");
        assertThat(pods().getFirst().getMetadata().getLabels()).containsEntry("controller-revision-hash", oldRevision);
        assertThat(deletions(2)).containsExactly("deleted web-2", "deleted web-1");
        // web-1 went only after the new web-2 was ready
        List<String> log = kubelet.log();
        assertThat(log.indexOf("deleted web-1")).isGreaterThan(log.lastIndexOf("ready web-2"));
        assertThat(revisions()).extracting(ControllerRevision::getRevision).containsExactly(1L, 2L);

        client.patch(Kind.STATEFULSETS, NS, "web", Patch.merge("{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}"));
        awaitRolledOut(3, "nginx:1.26");
        assertThat(deletions(3)).containsExactly("deleted web-2", "deleted web-1", "deleted web-0");
        assertThat(set().getStatus().getCurrentRevision()).isEqualTo(set().getStatus().getUpdateRevision()).isNotEqualTo(oldRevision);
        assertThat(set().getStatus().getCurrentReplicas()).isEqualTo(3);
    }

    @Test
    void rolloutUndoAsKubectlDoesItRenumbersTheOldRevision() throws Exception {
        client.create(Kind.STATEFULSETS, web(2, "nginx:1.25"));
        awaitRolledOut(2, "nginx:1.25");
        client.patch(Kind.STATEFULSETS, NS, "web", Patch.strategic("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.26\"}]}}}}"));
        awaitRolledOut(2, "nginx:1.26");
        List<ControllerRevision> two = revisions();
        assertThat(two).hasSize(2);

        // kubectl rollout undo: take the second-newest revision and send its data as a strategic merge patch
        ControllerRevision previous = two.get(0);
        client.patch(Kind.STATEFULSETS, NS, "web", Patch.strategic(Json.MAPPER.writeValueAsString(previous.getData())));
        awaitRolledOut(2, "nginx:1.25");

        List<ControllerRevision> after = revisions();
        assertThat(after).extracting(r -> r.getMetadata().getName()).containsExactly(two.get(1).getMetadata().getName(), previous.getMetadata().getName());
        assertThat(after).extracting(ControllerRevision::getRevision).containsExactly(2L, 3L);
        assertThat(set().getStatus().getCurrentRevision()).isEqualTo(previous.getMetadata().getName());
    }

    @Test
    void volumeClaimTemplatesAreRefused() {
        StatefulSet withClaims = new StatefulSetBuilder(web(1, "nginx:1.25")).editSpec()
                .addToVolumeClaimTemplates(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata()
                        .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi")).endResources().endSpec()
                        .build())
                .endSpec().build();
        assertThatThrownBy(() -> client.create(Kind.STATEFULSETS, withClaims))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.reason()).isEqualTo("Invalid");
                    assertThat(e.status().getDetails().getCauses()).anySatisfy(c -> {
                        assertThat(c.getField()).isEqualTo("spec.volumeClaimTemplates");
                        assertThat(c.getReason()).isEqualTo("FieldValueForbidden");
                        assertThat(c.getMessage()).isEqualTo("Forbidden: persistent volumes are not supported by this cluster yet");
                    });
                });
    }
}
