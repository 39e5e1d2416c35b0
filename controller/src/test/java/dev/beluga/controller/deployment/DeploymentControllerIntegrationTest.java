package dev.beluga.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.Patch;
import dev.beluga.client.WatchHandler.EventType;
import dev.beluga.controller.ActivePods;
import dev.beluga.controller.Await;
import dev.beluga.controller.ControllerRefs;
import dev.beluga.controller.ControllerTestCluster;
import dev.beluga.controller.PodReadiness;
import dev.beluga.controller.ReadyingKubelet;
import dev.beluga.controller.replicaset.ReplicaSetController;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Deployment and ReplicaSet controllers together against a real API server. No kubelet runs:
 * the test marks new pods Running and Ready (except those of image "never-ready"), and a watcher
 * checks every pod event it sees against the rollout's bounds.
 */
class DeploymentControllerIntegrationTest {
    private static final String NS = "default";

    private ControllerTestCluster cluster;
    private Client client;
    private RolloutBounds rollout;

    @BeforeEach
    void start() {
        cluster = ControllerTestCluster.start("deployment-controller");
        client = cluster.client();
        rollout = new RolloutBounds();
        cluster.closing(ReadyingKubelet.start(client, NS, pod -> !"never-ready".equals(image(pod)), rollout));
        cluster.run(ReplicaSetController::start);
        cluster.run(DeploymentController::start);
        cluster.startInformers();
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    /**
     * Keeps the pods the watch has shown, checking after every event that active pods stay within
     * {@code maxTotal} and Ready ones at or above {@code minReady} once bounds are set; a Recreate
     * check that no two images ever run together.
     */
    static final class RolloutBounds implements ReadyingKubelet.Observer {
        private final ActivePods active = new ActivePods();
        private final List<String> violations = new ArrayList<>();
        private int maxTotal = Integer.MAX_VALUE;
        private int minReady = 0;
        private boolean oneImageAtATime;
        private int checkedEvents;

        @Override
        public synchronized void seen(EventType type, Pod pod) {
            active.seen(type, pod);
            List<Pod> pods = active.pods();
            String name = pod.getMetadata().getName();
            long ready = pods.stream().filter(PodReadiness::isReady).count();
            if (maxTotal != Integer.MAX_VALUE || oneImageAtATime) checkedEvents++;
            if (pods.size() > maxTotal) violations.add(pods.size() + " pods > " + maxTotal + " at " + type + " " + name);
            if (ready < minReady) violations.add(ready + " ready < " + minReady + " at " + type + " " + name);
            if (oneImageAtATime && pods.stream().map(DeploymentControllerIntegrationTest::image).distinct().count() > 1) {
                violations.add("two images at once at " + type + " " + name);
            }
        }

        synchronized void bounds(int maxTotal, int minReady) {
            this.maxTotal = maxTotal;
            this.minReady = minReady;
        }

        synchronized void oneImageAtATime() {
            this.oneImageAtATime = true;
        }

        /** Pod events checked against bounds: the checks saw the rollout, not nothing. */
        synchronized int checkedEvents() {
            return checkedEvents;
        }

        synchronized List<String> violations() {
            return List.copyOf(violations);
        }

        List<Pod> pods() {
            return active.pods();
        }

        long readyPods(String image) {
            return active.pods().stream().filter(p -> image.equals(image(p)) && PodReadiness.isReady(p)).count();
        }
    }

    static String image(Pod pod) {
        return pod.getSpec().getContainers().getFirst().getImage();
    }

    private static Deployment web(int replicas, String image, int maxSurge, int maxUnavailable) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec().endTemplate()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withNewMaxSurge(maxSurge).withNewMaxUnavailable(maxUnavailable).endRollingUpdate().endStrategy()
                .endSpec().build();
    }

    private Deployment deployment() {
        return client.get(Kind.DEPLOYMENTS, NS, "web").orElseThrow();
    }

    private List<ReplicaSet> replicaSets() {
        return client.list(Kind.REPLICASETS, NS, ListRequest.ALL).items();
    }

    private List<Pod> activePods() {
        return client.list(Kind.PODS, NS, ListRequest.ALL).items().stream().filter(PodReadiness::isActive).toList();
    }

    /**
     * Waits until the checking watch shows the active pods the API holds, each as Ready or not as
     * there: it runs apart from the API reads, so right after those it may not have shown the last
     * events yet (fewer checked, an old pod's readiness).
     */
    private void awaitWatchCaughtUp() throws InterruptedException {
        Await.until("the pod watch shows the pods the API holds", () -> readiness(activePods()).equals(readiness(rollout.pods())));
    }

    private static Map<String, Boolean> readiness(List<Pod> pods) {
        return pods.stream().collect(Collectors.toMap(p -> p.getMetadata().getName(), PodReadiness::isReady));
    }

    private Optional<DeploymentCondition> condition(String type) {
        return DeploymentConditions.get(deployment().getStatus(), type);
    }

    /** What `kubectl rollout status` waits for: the generation observed, all replicas updated, none old, all available. */
    private boolean rolledOut(String image) {
        Deployment d = deployment();
        var s = d.getStatus();
        int replicas = d.getSpec().getReplicas();
        return s != null && s.getObservedGeneration() != null && s.getObservedGeneration() >= d.getMetadata().getGeneration()
                && count(s.getUpdatedReplicas()) == replicas && count(s.getReplicas()) == replicas && count(s.getAvailableReplicas()) == replicas
                && condition("Progressing").map(c -> "NewReplicaSetAvailable".equals(c.getReason())).orElse(false)
                && activePods().size() == replicas && activePods().stream().allMatch(p -> image.equals(image(p)));
    }

    private static int count(Integer v) {
        return v == null ? 0 : v;
    }

    private void setImage(String image) {
        client.patch(Kind.DEPLOYMENTS, NS, "web", Patch.strategic("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"" + image + "\"}]}}}}"));
    }

    private String annotation(io.fabric8.kubernetes.api.model.HasMetadata o, String key) {
        return o.getMetadata().getAnnotations() == null ? null : o.getMetadata().getAnnotations().get(key);
    }

    private ReplicaSet replicaSetWithImage(String image) {
        return replicaSets().stream().filter(rs -> image.equals(rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()))
                .findFirst().orElseThrow();
    }

    @Test
    void aRolloutFromAToBStaysWithinMaxSurgeAndMaxUnavailableThenUndoAndRestartWork() throws Exception {
        client.create(Kind.DEPLOYMENTS, web(4, "app:a", 1, 1));
        Await.until("the first rollout", () -> rolledOut("app:a"));
        assertThat(annotation(deployment(), RevisionAnnotations.REVISION)).isEqualTo("1");
        Await.until("4 ready pods seen", () -> rollout.readyPods("app:a") == 4);

        rollout.bounds(5, 3);
        setImage("app:b");
        Await.until("the rollout to b", () -> rolledOut("app:b"));
        awaitWatchCaughtUp();
        assertThat(rollout.violations()).isEmpty();
        // At least 4 pods added, made Ready and deleted each.
        assertThat(rollout.checkedEvents()).isGreaterThanOrEqualTo(12);

        Deployment d = deployment();
        assertThat(annotation(d, RevisionAnnotations.REVISION)).isEqualTo("2");
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(2L);
        ReplicaSet a = replicaSetWithImage("app:a");
        ReplicaSet b = replicaSetWithImage("app:b");
        assertThat(a.getSpec().getReplicas()).isZero();
        assertThat(b.getSpec().getReplicas()).isEqualTo(4);
        assertThat(annotation(b, RevisionAnnotations.REVISION)).isEqualTo("2");
        assertThat(b.getMetadata().getName()).isEqualTo("web-" + b.getMetadata().getLabels().get(TemplateHash.LABEL));
        assertThat(ControllerRefs.isControlledBy(b, d)).isTrue();
        assertThat(activePods()).allSatisfy(p -> assertThat(ControllerRefs.isControlledBy(p, b)).isTrue());
        Await.until("ScalingReplicaSet events", () -> client.list(Kind.EVENTS, NS, ListRequest.ALL).items().stream()
                .anyMatch(e -> ("Scaled up replica set " + b.getMetadata().getName() + " from 0 to 1").equals(e.getMessage())));

        // kubectl rollout undo: the previous revision's template, copied from its ReplicaSet without the hash label.
        var template = a.getSpec().getTemplate();
        template.getMetadata().getLabels().remove(TemplateHash.LABEL);
        client.patch(Kind.DEPLOYMENTS, NS, "web", Patch.json("[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":"
                + dev.beluga.api.codec.Json.MAPPER.writeValueAsString(template) + "}]"));
        Await.until("the rollback to a", () -> rolledOut("app:a"));
        assertThat(rollout.violations()).isEmpty();
        assertThat(replicaSets()).hasSize(2);
        ReplicaSet back = replicaSetWithImage("app:a");
        assertThat(back.getMetadata().getName()).isEqualTo(a.getMetadata().getName());
        assertThat(annotation(back, RevisionAnnotations.REVISION)).isEqualTo("3");
        assertThat(annotation(back, RevisionAnnotations.REVISION_HISTORY)).isEqualTo("1");
        Await.until("the deployment at revision 3", () -> "3".equals(annotation(deployment(), RevisionAnnotations.REVISION)));

        // kubectl rollout restart: a template annotation makes a new revision.
        client.patch(Kind.DEPLOYMENTS, NS, "web", Patch.strategic("{\"spec\":{\"template\":{\"metadata\":{\"annotations\":"
                + "{\"kubectl.kubernetes.io/restartedAt\":\"2025-03-01T12:00:00Z\"}}}}}"));
        Await.until("the restart", () -> replicaSets().size() == 3 && rolledOut("app:a")
                && activePods().stream().allMatch(p -> p.getMetadata().getAnnotations() != null
                        && p.getMetadata().getAnnotations().containsKey("kubectl.kubernetes.io/restartedAt")));
        assertThat(rollout.violations()).isEmpty();
        Await.until("the deployment at revision 4", () -> "4".equals(annotation(deployment(), RevisionAnnotations.REVISION)));
    }

    @Test
    void scalingChangesTheReplicaSetAndItsAnnotations() throws Exception {
        client.create(Kind.DEPLOYMENTS, web(2, "app:a", 1, 0));
        Await.until("the first rollout", () -> rolledOut("app:a"));
        client.patch(Kind.DEPLOYMENTS, NS, "web", Patch.merge("{\"spec\":{\"replicas\":5}}"));
        Await.until("5 replicas", () -> rolledOut("app:a") && deployment().getSpec().getReplicas() == 5);
        ReplicaSet rs = replicaSetWithImage("app:a");
        assertThat(rs.getSpec().getReplicas()).isEqualTo(5);
        assertThat(annotation(rs, RevisionAnnotations.DESIRED_REPLICAS)).isEqualTo("5");
        assertThat(annotation(rs, RevisionAnnotations.MAX_REPLICAS)).isEqualTo("6");
        assertThat(condition("Available")).get().extracting(DeploymentCondition::getReason).isEqualTo("MinimumReplicasAvailable");
    }

    @Test
    void recreateNeverRunsTwoTemplatesAtOnce() throws Exception {
        Deployment d = web(3, "app:a", 1, 0);
        d.getSpec().getStrategy().setType("Recreate");
        d.getSpec().getStrategy().setRollingUpdate(null);
        client.create(Kind.DEPLOYMENTS, d);
        Await.until("the first rollout", () -> rolledOut("app:a"));
        rollout.oneImageAtATime();
        setImage("app:b");
        Await.until("the rollout to b", () -> rolledOut("app:b"));
        awaitWatchCaughtUp();
        assertThat(rollout.violations()).isEmpty();
        assertThat(rollout.checkedEvents()).isGreaterThanOrEqualTo(9);
    }

    @Test
    void aPausedDeploymentWaitsForResume() throws Exception {
        client.create(Kind.DEPLOYMENTS, web(2, "app:a", 1, 0));
        Await.until("the first rollout", () -> rolledOut("app:a"));
        client.patch(Kind.DEPLOYMENTS, NS, "web", Patch.merge("{\"spec\":{\"paused\":true}}"));
        setImage("app:b");
        Await.until("the pause observed", () -> {
            Deployment now = deployment();
            return now.getStatus().getObservedGeneration() == now.getMetadata().getGeneration().longValue()
                    && condition("Progressing").map(c -> "DeploymentPaused".equals(c.getReason()) && "Unknown".equals(c.getStatus())).orElse(false);
        });
        assertThat(replicaSets()).hasSize(1);

        client.patch(Kind.DEPLOYMENTS, NS, "web", Patch.merge("{\"spec\":{\"paused\":false}}"));
        Await.until("the rollout to b", () -> rolledOut("app:b"));
    }

    @Test
    void aRolloutWhosePodsNeverBecomeReadyExceedsItsProgressDeadline() throws Exception {
        Deployment d = web(2, "app:a", 1, 0);
        d.getSpec().setProgressDeadlineSeconds(1);
        client.create(Kind.DEPLOYMENTS, d);
        Await.until("the first rollout", () -> rolledOut("app:a"));
        setImage("never-ready");
        Await.until("ProgressDeadlineExceeded", () -> condition("Progressing")
                .map(c -> "ProgressDeadlineExceeded".equals(c.getReason()) && "False".equals(c.getStatus())).orElse(false));
        String name = replicaSetWithImage("never-ready").getMetadata().getName();
        assertThat(condition("Progressing").orElseThrow().getMessage()).isEqualTo("ReplicaSet \"" + name + "\" has timed out progressing.");
        // maxUnavailable 0: the old pods stay.
        awaitWatchCaughtUp();
        assertThat(rollout.readyPods("app:a")).isEqualTo(2);
    }

    @Test
    void oldRevisionsBeyondTheHistoryLimitAreDeleted() throws Exception {
        Deployment d = web(1, "app:a", 1, 0);
        d.getSpec().setRevisionHistoryLimit(1);
        client.create(Kind.DEPLOYMENTS, d);
        Await.until("a", () -> rolledOut("app:a"));
        setImage("app:b");
        Await.until("b", () -> rolledOut("app:b"));
        setImage("app:c");
        Await.until("c, with only b kept", () -> rolledOut("app:c") && replicaSets().size() == 2);
        assertThat(replicaSets()).extracting(rs -> rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .containsExactlyInAnyOrder("app:b", "app:c");
    }
}
