package dev.beluga.controller.statefulset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.Patch;
import dev.beluga.client.WatchHandler.EventType;
import dev.beluga.controller.Await;
import dev.beluga.controller.ControllerTestCluster;
import dev.beluga.controller.PodReadiness;
import dev.beluga.controller.ReadyingKubelet;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller against a real API server (in-process client). No kubelet runs: the test plays
 * one by marking every new pod Running and Ready, and keeps a log of what happened in order, so
 * ordering is asserted on the sequence of events rather than on timing.
 */
class StatefulSetControllerIntegrationTest {
    private static final String NS = "default";

    private ControllerTestCluster cluster;
    private Client client;
    private final PodLog log = new PodLog();

    @BeforeEach
    void start() {
        cluster = ControllerTestCluster.start("statefulset-controller");
        client = cluster.client();
        cluster.run(StatefulSetController::start);
        cluster.startInformers();
        cluster.closing(ReadyingKubelet.start(client, NS, log));
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    /** What the test kubelet did, in order: "added X"/"deleted X" as the watch shows them, "ready X" before it marks X Ready. */
    static final class PodLog implements ReadyingKubelet.Observer {
        private final List<String> lines = new ArrayList<>();

        @Override
        public void seen(EventType type, Pod pod) {
            switch (type) {
                case ADDED -> record("added " + pod.getMetadata().getName());
                case DELETED -> record("deleted " + pod.getMetadata().getName());
                case MODIFIED -> { }
            }
        }

        @Override
        public void readying(Pod pod) {
            record("ready " + pod.getMetadata().getName());
        }

        private synchronized void record(String line) {
            lines.add(line);
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
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

    /** Every pod exists, Ready, at the image, and the set's status says the rollout is complete. */
    private void awaitRolledOut(int replicas, String image) throws InterruptedException {
        Await.until(replicas + " ready pods at " + image, () -> {
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
        });
    }

    private List<String> linesAbout(String prefix) {
        return log.lines().stream().filter(l -> l.startsWith(prefix)).toList();
    }

    /** The "deleted" lines once the pod watch has shown {@code count} of them (it runs apart from the API reads). */
    private List<String> deletions(int count) throws InterruptedException {
        Await.until(count + " deletions seen by the watch", () -> linesAbout("deleted").size() >= count);
        return linesAbout("deleted");
    }

    @Test
    void startsInOrderEachAfterThePreviousIsReadyAndScalesDownInReverse() throws Exception {
        client.create(Kind.STATEFULSETS, web(3, "nginx:1.25"));
        awaitRolledOut(3, "nginx:1.25");

        // web-N appears only after web-(N-1) was marked ready ("ready" is logged before the patch)
        assertThat(log.lines()).containsSubsequence("added web-0", "ready web-0", "added web-1", "ready web-1", "added web-2");
        assertThat(log.lines().indexOf("added web-1")).isGreaterThan(log.lines().indexOf("ready web-0"));
        assertThat(log.lines().indexOf("added web-2")).isGreaterThan(log.lines().indexOf("ready web-1"));

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
        Event created = Await.value("SuccessfulCreate", () -> client.list(Kind.EVENTS, NS, ListRequest.ALL).items().stream()
                .filter(e -> "SuccessfulCreate".equals(e.getReason()) && e.getMessage().contains("web-0")).findFirst());
        assertThat(created.getMessage()).isEqualTo("create Pod web-0 in StatefulSet web successful");
        assertThat(created.getInvolvedObject().getKind()).isEqualTo("StatefulSet");

        client.patch(Kind.STATEFULSETS, NS, "web", Patch.merge("{\"spec\":{\"replicas\":1}}"));
        Await.until("scale down to 1", () -> pods().size() == 1);
        assertThat(deletions(2)).containsExactly("deleted web-2", "deleted web-1");
        assertThat(pods()).extracting(p -> p.getMetadata().getName()).containsExactly("web-0");
        Await.until("status.replicas 1", () -> Integer.valueOf(1).equals(set().getStatus().getReplicas()));
    }

    @Test
    void aDeletedPodComesBackUnderItsName() throws Exception {
        client.create(Kind.STATEFULSETS, web(2, "nginx:1.25"));
        awaitRolledOut(2, "nginx:1.25");
        String uid = client.get(Kind.PODS, NS, "web-1").orElseThrow().getMetadata().getUid();

        client.delete(Kind.PODS, NS, "web-1", new DeleteOptions());
        Pod back = Await.value("web-1 recreated", () -> client.get(Kind.PODS, NS, "web-1").filter(p -> !p.getMetadata().getUid().equals(uid)));
        assertThat(back.getSpec().getHostname()).isEqualTo("web-1");
        awaitRolledOut(2, "nginx:1.25");
    }

    @Test
    void aFailedPodIsReplaced() throws Exception {
        client.create(Kind.STATEFULSETS, web(1, "nginx:1.25"));
        awaitRolledOut(1, "nginx:1.25");
        String uid = client.get(Kind.PODS, NS, "web-0").orElseThrow().getMetadata().getUid();

        client.patch(Kind.PODS, NS, "web-0", Patch.mergeStatus("{\"status\":{\"phase\":\"Failed\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]}}"));
        Await.until("web-0 replaced", () -> client.get(Kind.PODS, NS, "web-0").filter(p -> !p.getMetadata().getUid().equals(uid)).isPresent());
        awaitRolledOut(1, "nginx:1.25");
    }

    @Test
    void rollingUpdateHonoursThePartitionAndGoesFromTheHighestOrdinalDown() throws Exception {
        client.create(Kind.STATEFULSETS, web(3, "nginx:1.25"));
        awaitRolledOut(3, "nginx:1.25");
        String oldRevision = set().getStatus().getCurrentRevision();

        client.patch(Kind.STATEFULSETS, NS, "web", Patch.strategic("{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":1}},"
                + "\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.26\"}]}}}}"));
        Await.until("the partitioned update", () -> {
            StatefulSet s = set();
            return s.getStatus() != null && Integer.valueOf(2).equals(s.getStatus().getUpdatedReplicas())
                    && Integer.valueOf(3).equals(s.getStatus().getReadyReplicas()) && pods().size() == 3
                    && pods().stream().allMatch(PodReadiness::isRunningAndReady);
        });
        StatefulSet partial = set();
        assertThat(partial.getStatus().getCurrentRevision()).isEqualTo(oldRevision);
        assertThat(partial.getStatus().getUpdateRevision()).isNotEqualTo(oldRevision);
        assertThat(partial.getStatus().getCurrentReplicas()).isEqualTo(1);
        assertThat(pods()).extracting(p -> p.getSpec().getContainers().getFirst().getImage())
                .containsExactly("nginx:1.25", "nginx:1.26", "nginx:1.26");
        assertThat(pods().getFirst().getMetadata().getLabels()).containsEntry("controller-revision-hash", oldRevision);
        assertThat(deletions(2)).containsExactly("deleted web-2", "deleted web-1");
        // web-1 went only after the new web-2 was ready
        List<String> lines = log.lines();
        assertThat(lines.indexOf("deleted web-1")).isGreaterThan(lines.lastIndexOf("ready web-2"));
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
