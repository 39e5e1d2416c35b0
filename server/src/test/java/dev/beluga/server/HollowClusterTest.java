package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.api.codec.Json;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.Patch;
import dev.beluga.client.http.HttpTransport;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.client.leader.LeaderTimings;
import dev.beluga.controller.PodReadiness;
import dev.beluga.controller.nodelifecycle.NodeLifecycleSettings;
import dev.beluga.controller.podgc.PodGcSettings;
import dev.beluga.sim.HollowNodeFleet;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole cluster as `beluga server` runs it — API, scheduler and controllers under leader election,
 * three hollow nodes — seen from outside through the HTTPS client, the way a user's tools see it.
 * Each test works in its own namespace; the node-loss test runs last because it takes a node away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HollowClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int NODES = 3;
    /**
     * Must exceed the hollow kubelets' Lease renewal interval (10 s, upstream's) with room to spare, or
     * healthy nodes turn Unknown between renewals.
     */
    private static final Duration NODE_MONITOR_GRACE = Duration.ofSeconds(15);
    /** DefaultTolerationSeconds for not-ready and unreachable, so a lost node's pods go quickly. */
    private static final long TOLERATION_SECONDS = 2;
    private static final String REVISION = "deployment.kubernetes.io/revision";
    private static final String TEMPLATE_HASH = "pod-template-hash";
    private static final String UNREACHABLE = "node.kubernetes.io/unreachable";

    private Path dir;
    private BelugaServer server;
    private Client client;
    private HollowNodeFleet fleet;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("beluga-hollow-");
        ControlPlaneSettings controlPlane = new ControlPlaneSettings(LeaderTimings.DEFAULT,
                NodeLifecycleSettings.withGracePeriod(NODE_MONITOR_GRACE), PodGcSettings.DEFAULTS);
        ClusterSettings cluster = new ClusterSettings(true, controlPlane, TOLERATION_SECONDS, TOLERATION_SECONDS, NODES, Duration.ZERO, Optional.empty());
        server = BelugaServer.start(new ServerSettings("127.0.0.1", 0, dir.resolve("data"), Duration.ofMinutes(5), 10_000).withCluster(cluster),
                Optional.empty(), new PrintWriter(OutputStream.nullOutputStream()));
        client = HttpTransport.fromKubeconfig(server.kubeconfig());
        fleet = server.cluster().hollowNodes().orElseThrow();
        await("three Ready nodes", () -> client.list(Kind.NODES, "", ListRequest.ALL).items().stream().filter(HollowClusterTest::nodeReady).count() == NODES);
    }

    @AfterAll
    void stop() throws IOException {
        if (client != null) client.close();
        if (server != null) server.close();
        if (dir != null) ScratchDirectory.deleteTree(dir);
    }

    // ---------------------------------------------------------------- 1. rolling update, undo, restart

    @Test
    @Order(1)
    void rollingUpdateStaysWithinSurgeAndUnavailabilityThenUndoAndRestart() throws Exception {
        String ns = namespace("rollout");
        int replicas = 4;
        int maxSurge = 1;
        int maxUnavailable = 1;
        try (InformerFactory informers = new InformerFactory(client)) {
            RolloutWatch pods = new RolloutWatch();
            informers.informer(Kind.PODS, ns, "app=web", "").addHandler(pods);
            informers.start();
            assertThat(informers.waitForSync(WAIT)).isTrue();

            client.create(Kind.DEPLOYMENTS, deployment(ns, "web", replicas, "busybox:1.35", maxSurge, maxUnavailable));
            await("the first rollout", () -> rolledOut(ns, "web"));
            // The bounds hold once the first rollout is complete, so start checking once the watch has seen it too.
            await("the watch to see the first rollout", () -> pods.activeAndReady() == replicas && pods.active() == replicas);
            pods.bounds(replicas + maxSurge, replicas - maxUnavailable);
            ReplicaSet first = onlyScaledReplicaSet(ns, "web");
            assertThat(annotation(first, REVISION)).isEqualTo("1");

            // A to B.
            client.patch(Kind.DEPLOYMENTS, ns, "web", Patch.strategic(
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"busybox:1.36\"}]}}}}"));
            await("the rollout to busybox:1.36", () -> rolledOut(ns, "web") && activePodImages(ns, "web").equals(Set.of("busybox:1.36")));
            ReplicaSet second = onlyScaledReplicaSet(ns, "web");
            assertThat(second.getMetadata().getName()).isNotEqualTo(first.getMetadata().getName());
            assertThat(annotation(second, REVISION)).isEqualTo("2");
            // The informer's watch may lag behind the reads above: the checks below are on what it has seen, so let it see the end.
            await("the watch to see the rollout to busybox:1.36", () -> pods.activeImages().equals(Set.of("busybox:1.36"))
                    && pods.active() == replicas && pods.activeAndReady() == replicas);
            assertThat(pods.violations()).isEmpty();
            // Every old pod went and every new one came while checked: the checks saw the whole rollout.
            assertThat(pods.checkedEvents()).isGreaterThanOrEqualTo(2 * replicas);
            // Implied by the bounds (the old pods cannot drop below 3 before a new one is Ready), so it shows the checks bit.
            assertThat(pods.sawTwoTemplates()).as("old and new pods active together").isTrue();

            // kubectl rollout undo: revision 1's template, minus the hash label, becomes the deployment's template.
            PodTemplateSpec template = replicaSetWithRevision(ns, "1").getSpec().getTemplate();
            template.getMetadata().getLabels().remove(TEMPLATE_HASH);
            client.patch(Kind.DEPLOYMENTS, ns, "web", Patch.json("[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":"
                    + Json.MAPPER.writeValueAsString(template) + "}]"));
            await("the rollback to busybox:1.35", () -> rolledOut(ns, "web") && activePodImages(ns, "web").equals(Set.of("busybox:1.35")));
            ReplicaSet back = onlyScaledReplicaSet(ns, "web");
            assertThat(back.getMetadata().getName()).as("undo reuses revision 1's ReplicaSet").isEqualTo(first.getMetadata().getName());
            assertThat(annotation(back, REVISION)).isEqualTo("3");
            await("the watch to see the rollback", () -> pods.activeImages().equals(Set.of("busybox:1.35"))
                    && pods.active() == replicas && pods.activeAndReady() == replicas);
            assertThat(pods.violations()).isEmpty();

            // kubectl rollout restart: an annotation on the template makes a new revision with the same image.
            client.patch(Kind.DEPLOYMENTS, ns, "web", Patch.strategic("{\"spec\":{\"template\":{\"metadata\":{\"annotations\":"
                    + "{\"kubectl.kubernetes.io/restartedAt\":\"2025-03-01T12:00:00Z\"}}}}}"));
            await("the restart", () -> rolledOut(ns, "web") && activePods(ns, "web").stream().allMatch(p -> p.getMetadata().getAnnotations() != null
                    && p.getMetadata().getAnnotations().containsKey("kubectl.kubernetes.io/restartedAt")));
            ReplicaSet restarted = onlyScaledReplicaSet(ns, "web");
            assertThat(restarted.getMetadata().getName()).isNotIn(first.getMetadata().getName(), second.getMetadata().getName());
            assertThat(annotation(restarted, REVISION)).isEqualTo("4");
            assertThat(ownedReplicaSets(ns, "web")).hasSize(3);
            await("the watch to see the restart", () -> pods.active() == replicas && pods.activeAndReady() == replicas
                    && pods.activeRestarted() == replicas);
            assertThat(pods.violations()).isEmpty();
        } finally {
            deleteNamespace(ns);
        }
    }

    /**
     * The pods of one deployment as an informer sees them, checked after every event: pods that are
     * neither terminating nor finished at most {@code maxActive}, Ready ones among them at least
     * {@code minReady}, once bounds are set.
     */
    static final class RolloutWatch implements ResourceHandler<Pod> {
        private final Map<String, Pod> active = new HashMap<>();
        private final List<String> violations = new ArrayList<>();
        private boolean checking;
        private int maxActive;
        private int minReady;
        private int checkedEvents;
        private boolean sawTwoTemplates;

        @Override
        public void onAdd(Pod pod) {
            observe("ADDED", pod, false);
        }

        @Override
        public void onUpdate(Pod previous, Pod current) {
            observe("MODIFIED", current, false);
        }

        @Override
        public void onDelete(Pod lastKnown) {
            observe("DELETED", lastKnown, true);
        }

        private synchronized void observe(String type, Pod pod, boolean deleted) {
            String name = pod.getMetadata().getName();
            if (deleted || !PodReadiness.isActive(pod)) active.remove(name);
            else active.put(name, pod);
            if (!checking) return;
            checkedEvents++;
            long ready = activeAndReady();
            if (active.values().stream().map(p -> p.getSpec().getContainers().getFirst().getImage()).distinct().count() > 1) sawTwoTemplates = true;
            if (active.size() > maxActive) violations.add(active.size() + " active pods > " + maxActive + " at " + type + " " + name + ": " + active.keySet());
            if (ready < minReady) violations.add(ready + " ready pods < " + minReady + " at " + type + " " + name + ": " + active.keySet());
        }

        synchronized void bounds(int maxActive, int minReady) {
            this.maxActive = maxActive;
            this.minReady = minReady;
            this.checking = true;
        }

        synchronized int active() {
            return active.size();
        }

        synchronized long activeAndReady() {
            return active.values().stream().filter(PodReadiness::isReady).count();
        }

        synchronized Set<String> activeImages() {
            return active.values().stream().map(p -> p.getSpec().getContainers().getFirst().getImage()).collect(Collectors.toSet());
        }

        synchronized long activeRestarted() {
            return active.values().stream().filter(p -> p.getMetadata().getAnnotations() != null
                    && p.getMetadata().getAnnotations().containsKey("kubectl.kubernetes.io/restartedAt")).count();
        }

        synchronized int checkedEvents() {
            return checkedEvents;
        }

        synchronized boolean sawTwoTemplates() {
            return sawTwoTemplates;
        }

        synchronized List<String> violations() {
            return List.copyOf(violations);
        }
    }

    // ---------------------------------------------------------------- 2. StatefulSet order

    @Test
    @Order(2)
    void statefulSetStartsInOrderAndScalesDownInReverse() throws Exception {
        String ns = namespace("ordered");
        try (InformerFactory informers = new InformerFactory(client)) {
            OrdinalLog log = new OrdinalLog();
            informers.informer(Kind.PODS, ns, "app=web", "").addHandler(log);
            informers.start();
            assertThat(informers.waitForSync(WAIT)).isTrue();

            client.create(Kind.STATEFULSETS, statefulSet(ns, "web", 3));
            await("three Ready pods", () -> log.readyNames().equals(Set.of("web-0", "web-1", "web-2")));
            List<OrdinalLog.Step> created = log.steps(OrdinalLog.What.CREATED);
            assertThat(created).extracting(OrdinalLog.Step::pod).containsExactly("web-0", "web-1", "web-2");
            // OrderedReady: each pod is created only once every lower ordinal was Ready (as the same watch saw it).
            assertThat(created.get(0).readyBefore()).isEmpty();
            assertThat(created.get(1).readyBefore()).containsExactly("web-0");
            assertThat(created.get(2).readyBefore()).containsExactly("web-0", "web-1");
            StatefulSet set = client.get(Kind.STATEFULSETS, ns, "web").orElseThrow();
            for (Pod p : client.list(Kind.PODS, ns, ListRequest.labels("app=web")).items()) {
                assertThat(p.getSpec().getHostname()).isEqualTo(p.getMetadata().getName());
                assertThat(p.getSpec().getSubdomain()).isEqualTo("web");
                assertThat(p.getMetadata().getOwnerReferences()).extracting(OwnerReference::getUid).containsExactly(set.getMetadata().getUid());
            }

            client.patch(Kind.STATEFULSETS, ns, "web", Patch.merge("{\"spec\":{\"replicas\":0}}"));
            await("every pod gone", () -> client.list(Kind.PODS, ns, ListRequest.labels("app=web")).items().isEmpty() && log.existing().isEmpty());
            List<OrdinalLog.Step> leaving = log.steps(OrdinalLog.What.LEAVING);
            assertThat(leaving).extracting(OrdinalLog.Step::pod).containsExactly("web-2", "web-1", "web-0");
            // Scale down is ordered too: the next pod goes only once the higher one is gone, not merely terminating.
            assertThat(leaving.get(0).existingBefore()).containsExactly("web-0", "web-1", "web-2");
            assertThat(leaving.get(1).existingBefore()).containsExactly("web-0", "web-1");
            assertThat(leaving.get(2).existingBefore()).containsExactly("web-0");
        } finally {
            deleteNamespace(ns);
        }
    }

    /**
     * What happened to a StatefulSet's pods, in the order one watch saw it: each pod's creation with
     * the pods Ready at that moment, and each pod's leaving (deletionTimestamp, or gone outright) with
     * the pods that existed at that moment.
     */
    static final class OrdinalLog implements ResourceHandler<Pod> {
        enum What { CREATED, LEAVING }

        record Step(What what, String pod, Set<String> readyBefore, Set<String> existingBefore) {}

        private final Map<String, Pod> current = new HashMap<>();
        private final Set<String> leaving = new HashSet<>();
        private final List<Step> steps = new ArrayList<>();

        @Override
        public synchronized void onAdd(Pod pod) {
            steps.add(new Step(What.CREATED, name(pod), readyNames(), existing()));
            current.put(name(pod), pod);
            if (pod.getMetadata().getDeletionTimestamp() != null) leave(pod);
        }

        @Override
        public synchronized void onUpdate(Pod previous, Pod pod) {
            if (pod.getMetadata().getDeletionTimestamp() != null) leave(pod);
            current.put(name(pod), pod);
        }

        @Override
        public synchronized void onDelete(Pod lastKnown) {
            leave(lastKnown);
            current.remove(name(lastKnown));
            leaving.remove(lastKnown.getMetadata().getUid());
        }

        private void leave(Pod pod) {
            if (leaving.add(pod.getMetadata().getUid())) steps.add(new Step(What.LEAVING, name(pod), readyNames(), existing()));
        }

        synchronized Set<String> readyNames() {
            return current.values().stream().filter(p -> PodReadiness.isActive(p) && PodReadiness.isReady(p))
                    .map(HollowClusterTest::name).collect(Collectors.toCollection(TreeSet::new));
        }

        synchronized Set<String> existing() {
            return new TreeSet<>(current.keySet());
        }

        synchronized List<Step> steps(What what) {
            return steps.stream().filter(s -> s.what() == what).toList();
        }
    }

    // ---------------------------------------------------------------- 3. deletion propagation

    @Test
    @Order(3)
    void deletingADeploymentHonoursEachPropagationPolicy() throws Exception {
        String ns = namespace("cascade");
        try {
            for (String name : List.of("background", "foreground", "orphan")) {
                client.create(Kind.DEPLOYMENTS, deployment(ns, name, 2, "busybox:1.35", 1, 0));
            }
            for (String name : List.of("background", "foreground", "orphan")) await(name + " rolled out", () -> rolledOut(ns, name));

            // Background: the deployment goes at once; the garbage collector then takes its ReplicaSet and pods.
            client.delete(Kind.DEPLOYMENTS, ns, "background", propagation("Background"));
            await("the background deployment, its ReplicaSet and pods gone", () -> client.get(Kind.DEPLOYMENTS, ns, "background").isEmpty()
                    && replicaSets(ns, "background").isEmpty() && pods(ns, "background").isEmpty());

            // Foreground: the deployment waits, marked for deletion, until its dependents are gone.
            Optional<Deployment> marked = client.delete(Kind.DEPLOYMENTS, ns, "foreground", propagation("Foreground"));
            assertThat(marked).as("the deployment stays while its dependents exist").isPresent();
            assertThat(marked.get().getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(marked.get().getMetadata().getFinalizers()).contains("foregroundDeletion");
            List<String> early = new ArrayList<>();
            await("the foreground deployment gone", () -> {
                // Deployment first, then its dependents: a deployment gone while dependents remain is a violation.
                Optional<Deployment> d = client.get(Kind.DEPLOYMENTS, ns, "foreground");
                List<ReplicaSet> rs = replicaSets(ns, "foreground");
                List<Pod> ps = pods(ns, "foreground");
                if (d.isEmpty() && !(rs.isEmpty() && ps.isEmpty())) early.add(rs.size() + " ReplicaSets and " + ps.size() + " pods left");
                if (d.isPresent()) assertThat(d.get().getMetadata().getFinalizers()).contains("foregroundDeletion");
                return d.isEmpty();
            });
            assertThat(early).as("the deployment went before its dependents").isEmpty();
            assertThat(replicaSets(ns, "foreground")).isEmpty();
            assertThat(pods(ns, "foreground")).isEmpty();

            // Orphan: the deployment goes; the ReplicaSet stays without its owner, and its pods stay with it.
            ReplicaSet rs = replicaSets(ns, "orphan").getFirst();
            Set<String> podUids = uids(pods(ns, "orphan"));
            assertThat(podUids).hasSize(2);
            client.delete(Kind.DEPLOYMENTS, ns, "orphan", propagation("Orphan"));
            await("the orphaning deployment gone", () -> client.get(Kind.DEPLOYMENTS, ns, "orphan").isEmpty());
            ReplicaSet left = client.get(Kind.REPLICASETS, ns, rs.getMetadata().getName()).orElseThrow();
            assertThat(left.getMetadata().getUid()).isEqualTo(rs.getMetadata().getUid());
            assertThat(left.getMetadata().getOwnerReferences()).isNullOrEmpty();
            assertThat(left.getMetadata().getDeletionTimestamp()).isNull();
            List<Pod> orphanPods = pods(ns, "orphan");
            assertThat(uids(orphanPods)).isEqualTo(podUids);
            assertThat(orphanPods).allMatch(PodReadiness::isActive);
            assertThat(orphanPods).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences())
                    .extracting(OwnerReference::getUid).containsExactly(rs.getMetadata().getUid()));
        } finally {
            deleteNamespace(ns);
        }
    }

    // ---------------------------------------------------------------- 4. node loss (last: it takes a node away)

    @Test
    @Order(4)
    void podsOfALostNodeAreEvictedAndReplacedAndTheReturningNodeFinishesThem() throws Exception {
        String ns = namespace("survivor");
        String lost = null;
        try {
            client.create(Kind.DEPLOYMENTS, deployment(ns, "web", 3, "busybox:1.35", 1, 0));
            await("the rollout", () -> rolledOut(ns, "web"));
            List<Pod> before = activePods(ns, "web");
            lost = before.getFirst().getSpec().getNodeName();
            String node = lost;
            List<Pod> victims = before.stream().filter(p -> node.equals(p.getSpec().getNodeName())).toList();
            assertThat(victims).isNotEmpty();
            // DefaultTolerationSeconds admission gave every pod the short unreachable toleration.
            assertThat(victims.getFirst().getSpec().getTolerations()).anySatisfy(t -> {
                assertThat(t.getKey()).isEqualTo(UNREACHABLE);
                assertThat(t.getEffect()).isEqualTo("NoExecute");
                assertThat(t.getTolerationSeconds()).isEqualTo(TOLERATION_SECONDS);
            });

            fleet.stop(node);
            assertThat(fleet.isRunning(node)).isFalse();
            await("the lost node Unknown and tainted unreachable:NoExecute", () -> {
                Node n = client.get(Kind.NODES, "", node).orElseThrow();
                return "Unknown".equals(readyStatus(n)) && hasTaint(n, UNREACHABLE, "NoExecute");
            });
            await("the lost node's pods evicted", () -> victims.stream().allMatch(v -> client.get(Kind.PODS, ns, name(v))
                    .map(p -> p.getMetadata().getDeletionTimestamp() != null).orElse(true)));
            await("three Running, Ready pods on the other nodes", () -> {
                List<Pod> active = activePods(ns, "web");
                return active.size() == 3 && active.stream().allMatch(p -> "Running".equals(PodReadiness.phase(p)) && PodReadiness.isReady(p)
                        && p.getSpec().getNodeName() != null && !node.equals(p.getSpec().getNodeName()));
            });
            // With the kubelet away nobody confirms the deletion: the evicted pods wait, terminating.
            for (Pod v : victims) {
                Optional<Pod> now = client.get(Kind.PODS, ns, name(v));
                now.ifPresent(p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNotNull());
            }
            // The deployment's status follows its pods through the ReplicaSet's, each written by a controller in its own time.
            await("the deployment reporting 3 available", () -> Integer.valueOf(3).equals(
                    client.get(Kind.DEPLOYMENTS, ns, "web").orElseThrow().getStatus().getAvailableReplicas()));

            fleet.start(node);
            await("the returning node Ready and untainted", () -> {
                Node n = client.get(Kind.NODES, "", node).orElseThrow();
                return "True".equals(readyStatus(n)) && !hasTaint(n, UNREACHABLE, "NoExecute") && !hasTaint(n, UNREACHABLE, "NoSchedule");
            });
            lost = null;
            await("the evicted pods gone from the API", () -> victims.stream().allMatch(v -> client.get(Kind.PODS, ns, name(v))
                    .map(p -> !Objects.equals(p.getMetadata().getUid(), v.getMetadata().getUid())).orElse(true)));
            assertThat(activePods(ns, "web")).hasSize(3);
        } finally {
            if (lost != null) fleet.start(lost);
            deleteNamespace(ns);
        }
    }

    // ---------------------------------------------------------------- objects

    private static Deployment deployment(String ns, String name, int replicas, String image, int maxSurge, int maxUnavailable) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().endTemplate()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withNewMaxSurge(maxSurge).withNewMaxUnavailable(maxUnavailable).endRollingUpdate().endStrategy()
                .endSpec().build();
    }

    private static StatefulSet statefulSet(String ns, String name, int replicas) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name).withPodManagementPolicy("OrderedReady")
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox:1.35").endContainer().endSpec().endTemplate()
                .endSpec().build();
    }

    private static io.fabric8.kubernetes.api.model.DeleteOptions propagation(String policy) {
        return new DeleteOptionsBuilder().withPropagationPolicy(policy).build();
    }

    private String namespace(String name) {
        client.create(Kind.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build());
        return name;
    }

    /** Best effort: a test's namespace goes with it, so later tests (node loss) find a quiet cluster. */
    private void deleteNamespace(String ns) {
        try {
            client.delete(Kind.NAMESPACES, "", ns, new DeleteOptionsBuilder().build());
        } catch (RuntimeException e) {
            // Left for the server's temp dir to take.
        }
    }

    // ---------------------------------------------------------------- reading state

    /** What `kubectl rollout status` waits for, and one ReplicaSet of the deployment holding all replicas. */
    private boolean rolledOut(String ns, String name) {
        Optional<Deployment> found = client.get(Kind.DEPLOYMENTS, ns, name);
        if (found.isEmpty() || found.get().getStatus() == null) return false;
        Deployment d = found.get();
        var s = d.getStatus();
        int replicas = d.getSpec().getReplicas();
        return s.getObservedGeneration() != null && s.getObservedGeneration() >= d.getMetadata().getGeneration()
                && count(s.getUpdatedReplicas()) == replicas && count(s.getAvailableReplicas()) == replicas && count(s.getReplicas()) == replicas
                && ownedReplicaSets(ns, name).stream().filter(rs -> count(rs.getSpec().getReplicas()) > 0).count() == 1;
    }

    private ReplicaSet onlyScaledReplicaSet(String ns, String name) {
        List<ReplicaSet> scaled = ownedReplicaSets(ns, name).stream().filter(rs -> count(rs.getSpec().getReplicas()) > 0).toList();
        assertThat(scaled).hasSize(1);
        return scaled.getFirst();
    }

    private ReplicaSet replicaSetWithRevision(String ns, String revision) {
        return ownedReplicaSets(ns, "web").stream().filter(rs -> revision.equals(annotation(rs, REVISION))).findFirst().orElseThrow();
    }

    private List<ReplicaSet> ownedReplicaSets(String ns, String deployment) {
        Optional<Deployment> d = client.get(Kind.DEPLOYMENTS, ns, deployment);
        if (d.isEmpty()) return List.of();
        String uid = d.get().getMetadata().getUid();
        return replicaSets(ns, deployment).stream().filter(rs -> rs.getMetadata().getOwnerReferences() != null
                && rs.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()))).toList();
    }

    private List<ReplicaSet> replicaSets(String ns, String app) {
        return client.list(Kind.REPLICASETS, ns, ListRequest.labels("app=" + app)).items();
    }

    private List<Pod> pods(String ns, String app) {
        return client.list(Kind.PODS, ns, ListRequest.labels("app=" + app)).items();
    }

    private List<Pod> activePods(String ns, String app) {
        return pods(ns, app).stream().filter(PodReadiness::isActive).toList();
    }

    private Set<String> activePodImages(String ns, String app) {
        return activePods(ns, app).stream().map(p -> p.getSpec().getContainers().getFirst().getImage()).collect(Collectors.toSet());
    }

    private static Set<String> uids(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getUid()).collect(Collectors.toSet());
    }

    private static String name(HasMetadata o) {
        return o.getMetadata().getName();
    }

    private static String annotation(HasMetadata o, String key) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    private static int count(Integer n) {
        return n == null ? 0 : n;
    }

    private static String readyStatus(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) return "";
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus).findFirst().orElse("");
    }

    private static boolean nodeReady(Node node) {
        return "True".equals(readyStatus(node));
    }

    private static boolean hasTaint(Node node, String key, String effect) {
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        return taints.stream().anyMatch(t -> key.equals(t.getKey()) && effect.equals(t.getEffect()));
    }

    /** Polls the condition until it holds, for at most {@link #WAIT}; failures inside it fail the test at once. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
            Thread.sleep(100);
        }
    }
}
