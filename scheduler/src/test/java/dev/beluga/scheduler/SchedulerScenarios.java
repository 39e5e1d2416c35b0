package dev.beluga.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.events.ClientEventRecorder;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.client.informer.ResourceHandler;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler against a real API server, with nodes as plain API objects; run once per Client
 * transport (in-process and HTTP, see the subclasses), which must behave the same.
 */
abstract class SchedulerScenarios {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private LocalApiServer api;
    private Client client;

    /** The client the scheduler and the test use. */
    abstract Client connect(LocalApiServer api);


    private InformerFactory informers;
    private ClientEventRecorder events;
    private Scheduler scheduler;
    /** Nodes the scheduler has taken into its cache (see {@link #createNode}). */
    private final Set<String> knownNodes = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() {
        api = LocalApiServer.start();
        client = connect(api);
        informers = new InformerFactory(client);
        events = new ClientEventRecorder(client, "default-scheduler", "");
        // Short backoff keeps retries quick; everything else as upstream.
        scheduler = Scheduler.start(client, informers, events, SchedulerOptions.defaults().withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));
        // Registered after the scheduler's own node handler: the informer calls handlers in order on
        // one thread, so a node seen here is already in the scheduler's cache.
        informers.informer(Kind.NODES).addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(Node node) {
                knownNodes.add(node.getMetadata().getName());
            }
        });
    }

    @AfterEach
    void stop() {
        if (scheduler != null) scheduler.close();
        if (informers != null) informers.close();
        if (events != null) events.close();
        if (client != null && client != api.client()) client.close();
        if (api != null) api.close();
    }

    /**
     * Creates a node and returns once the scheduler knows it, as a real cluster's nodes registered
     * long before: the node and pod informers run on separate watches, so a pod created right after
     * could be tried against fewer nodes and fail with another message than the one asserted.
     */
    private void createNode(String name, String cpu, Map<String, String> labels) throws InterruptedException {
        Node node = Fixtures.node(name, cpu, "8Gi", 110).editMetadata().addToLabels(labels).endMetadata().build();
        client.create(Kind.NODES, node);
        eventually(() -> knownNodes.contains(name) ? Optional.of(true) : Optional.empty(), "the scheduler to know node " + name);
    }

    private Pod createPod(Pod pod) {
        pod.getMetadata().setUid(null);
        return client.create(Kind.PODS, pod);
    }

    private Pod get(String name) {
        return client.get(Kind.PODS, "default", name).orElseThrow();
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

    private String nodeOf(String pod) throws InterruptedException {
        return eventually(() -> Optional.ofNullable(get(pod).getSpec().getNodeName()).filter(n -> !n.isEmpty()), pod + " to be bound");
    }

    private List<Event> eventsFor(String pod, String reason) {
        return client.list(Kind.EVENTS, "default", ListRequest.ALL).items().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
    }

    @Test
    void placesPodsWhereTheyFitAndRecordsTheScheduledEvent() throws Exception {
        createNode("small", "1", Map.of());
        createNode("big", "8", Map.of());
        createPod(Fixtures.pod("web", "2", "1Gi").build());
        assertThat(nodeOf("web")).isEqualTo("big");
        Event scheduled = eventually(() -> eventsFor("web", "Scheduled").stream().findFirst(), "the Scheduled event");
        assertThat(scheduled.getType()).isEqualTo("Normal");
        assertThat(scheduled.getMessage()).isEqualTo("Successfully assigned default/web to big");
        assertThat(scheduled.getSource().getComponent()).isEqualTo("default-scheduler");
        PodCondition condition = get("web").getStatus().getConditions().stream().filter(c -> c.getType().equals("PodScheduled")).findFirst().orElseThrow();
        assertThat(condition.getStatus()).isEqualTo("True");
    }

    @Test
    void aPodThatFitsNowhereIsPendingWithUpstreamsMessageUntilANodeIsAdded() throws Exception {
        createNode("ssd-1", "2", Map.of("disk", "ssd"));
        createNode("ssd-2", "2", Map.of("disk", "ssd"));
        createNode("hdd-1", "16", Map.of("disk", "hdd"));
        createPod(Fixtures.pod("db", "4", "1Gi").editSpec().withNodeSelector(Map.of("disk", "ssd")).endSpec().build());

        String expected = "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu.";
        PodCondition condition = eventually(() -> Optional.ofNullable(get("db").getStatus())
                .flatMap(s -> s.getConditions().stream().filter(c -> c.getType().equals("PodScheduled")).findFirst())
                .filter(c -> "False".equals(c.getStatus())), "PodScheduled=False");
        assertThat(condition.getReason()).isEqualTo("Unschedulable");
        assertThat(condition.getMessage()).isEqualTo(expected);
        Event failed = eventually(() -> eventsFor("db", "FailedScheduling").stream().findFirst(), "the FailedScheduling event");
        assertThat(failed.getType()).isEqualTo("Warning");
        assertThat(failed.getMessage()).isEqualTo(expected);
        assertThat(get("db").getSpec().getNodeName()).isNull();

        createNode("ssd-big", "8", Map.of("disk", "ssd"));
        assertThat(nodeOf("db")).isEqualTo("ssd-big");
        assertThat(eventually(() -> eventsFor("db", "Scheduled").stream().findFirst(), "Scheduled").getMessage())
                .isEqualTo("Successfully assigned default/db to ssd-big");
    }

    @Test
    void noNodesAtAll() throws Exception {
        createPod(Fixtures.pod("lonely").build());
        PodCondition condition = eventually(() -> Optional.ofNullable(get("lonely").getStatus())
                .flatMap(s -> s.getConditions().stream().filter(c -> c.getType().equals("PodScheduled")).findFirst()), "PodScheduled");
        assertThat(condition.getMessage()).isEqualTo("no nodes available to schedule pods");
        createNode("n1", "1", Map.of());
        assertThat(nodeOf("lonely")).isEqualTo("n1");
    }

    @Test
    void resourcesAreAccountedAcrossQuickDecisionsAndAntiAffinitySpreadsReplicas() throws Exception {
        createNode("n1", "2", Map.of());
        createNode("n2", "2", Map.of());
        createNode("n3", "2", Map.of());
        // Six pods of 1 cpu fill the three 2-cpu nodes exactly: assumed pods must be counted before their bindings land.
        for (int i = 0; i < 6; i++) createPod(Fixtures.pod("fill-" + i, "1", "100Mi").build());
        Map<String, Integer> perNode = new java.util.HashMap<>();
        for (int i = 0; i < 6; i++) perNode.merge(nodeOf("fill-" + i), 1, Integer::sum);
        assertThat(perNode).containsOnly(Map.entry("n1", 2), Map.entry("n2", 2), Map.entry("n3", 2));

        createPod(Fixtures.pod("seventh", "1", "100Mi").build());
        eventually(() -> eventsFor("seventh", "FailedScheduling").stream().findFirst(), "FailedScheduling");
        assertThat(eventsFor("seventh", "FailedScheduling").getFirst().getMessage()).isEqualTo("0/3 nodes are available: 3 Insufficient cpu.");

        // Deleting a pod frees room: the pending pod is retried and placed there.
        String freed = nodeOf("fill-0");
        client.delete(Kind.PODS, "default", "fill-0", new io.fabric8.kubernetes.api.model.DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
        assertThat(nodeOf("seventh")).isEqualTo(freed);
    }

    @Test
    void requiredAntiAffinityPutsEachReplicaOnItsOwnNode() throws Exception {
        for (int i = 1; i <= 3; i++) createNode("n" + i, "8", Map.of());
        var term = new PodAffinityTermBuilder().withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "zk").build())
                .withTopologyKey("kubernetes.io/hostname").build();
        for (int i = 0; i < 4; i++) {
            createPod(Fixtures.pod("zk-" + i, "100m", "100Mi").editMetadata().addToLabels("app", "zk").endMetadata()
                    .editSpec().withNewAffinity().withNewPodAntiAffinity().addToRequiredDuringSchedulingIgnoredDuringExecution(term)
                    .endPodAntiAffinity().endAffinity().endSpec().build());
        }
        Set<String> nodes = new HashSet<>();
        int bound = 0;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (bound < 3 && System.nanoTime() < deadline) {
            nodes.clear();
            bound = 0;
            for (int i = 0; i < 4; i++) {
                String n = get("zk-" + i).getSpec().getNodeName();
                if (n != null) {
                    nodes.add(n);
                    bound++;
                }
            }
            Thread.sleep(20);
        }
        assertThat(bound).isEqualTo(3);
        assertThat(nodes).containsExactlyInAnyOrder("n1", "n2", "n3");
        String pendingOne = List.of("zk-0", "zk-1", "zk-2", "zk-3").stream().filter(n -> get(n).getSpec().getNodeName() == null).findFirst().orElseThrow();
        Event failed = eventually(() -> eventsFor(pendingOne, "FailedScheduling").stream().findFirst(), "FailedScheduling");
        assertThat(failed.getMessage()).isIn(
                "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.",
                "0/3 nodes are available: 3 node(s) didn't satisfy existing pods anti-affinity rules.");
    }
}
