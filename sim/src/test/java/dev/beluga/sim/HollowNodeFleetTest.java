package dev.beluga.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.kubelet.KubeletTimings;
import dev.beluga.kubelet.pod.RestartBackOff;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Three hollow nodes against a real API server: the kubelet's whole path, from binding to deletion. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HollowNodeFleetTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger NAMES = new AtomicInteger();

    private LocalApiServer api;
    private Client client;
    private InformerFactory informers;
    private HollowNodeFleet fleet;

    @BeforeAll
    void startFleet() {
        api = LocalApiServer.start();
        client = api.client();
        informers = new InformerFactory(client);
        // Fast crash-loop back-off and heartbeats keep the test short; the logic is the same as upstream's.
        KubeletTimings timings = new KubeletTimings(Duration.ofSeconds(1), 40, Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofMinutes(1), Duration.ZERO);
        fleet = HollowNodeFleet.start(client, informers, 3, SimSettings.defaults()
                .withTimings(timings).withRestartBackOff(RestartBackOff.of(Duration.ofSeconds(1), Duration.ofSeconds(4))));
    }

    @AfterAll
    void stopFleet() {
        if (fleet != null) fleet.close();
        if (informers != null) informers.close();
        if (api != null) api.close();
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = probe.get();
        }
        return last;
    }

    private Pod createAndBind(String node, Map<String, String> annotations, String restartPolicy) {
        String name = "pod-" + NAMES.incrementAndGet();
        Pod created = client.create(Kind.PODS, new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withAnnotations(annotations).endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy).withTerminationGracePeriodSeconds(5L)
                .addNewContainer().withName("app").withImage("busybox:1.35").endContainer().endSpec().build());
        client.bind("default", name, created.getMetadata().getUid(), node);
        return created;
    }

    private Pod pod(String name) {
        return client.get(Kind.PODS, "default", name).orElseThrow(() -> new AssertionError("pod " + name + " is gone"));
    }

    private Optional<Pod> maybePod(String name) {
        return client.get(Kind.PODS, "default", name);
    }

    private static String phase(Pod p) {
        return p.getStatus() == null ? "" : String.valueOf(p.getStatus().getPhase());
    }

    private static ContainerStatus app(Pod p) {
        return p.getStatus().getContainerStatuses().stream().filter(c -> c.getName().equals("app")).findFirst().orElseThrow();
    }

    private static String condition(Pod p, String type) {
        return p.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).map(PodCondition::getStatus).findFirst().orElse("");
    }

    @Test
    void nodesRegisterReadyWithTheirCidrsAndLeases() {
        assertThat(fleet.nodeNames()).containsExactly("hollow-node-0", "hollow-node-1", "hollow-node-2");
        for (int i = 0; i < 3; i++) {
            Node n = client.get(Kind.NODES, "", "hollow-node-" + i).orElseThrow();
            assertThat(n.getSpec().getPodCIDR()).isEqualTo("10.244." + i + ".0/24");
            assertThat(n.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", "hollow-node-" + i);
            assertThat(n.getStatus().getNodeInfo().getContainerRuntimeVersion()).isEqualTo("sim://0.1.0");
            assertThat(n.getStatus().getAllocatable()).containsKey("pods");
            NodeCondition ready = n.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
            assertThat(ready.getStatus()).isEqualTo("True");
            assertThat(ready.getReason()).isEqualTo("KubeletReady");
            Lease lease = client.get(Kind.LEASES, "kube-node-lease", "hollow-node-" + i).orElseThrow();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("hollow-node-" + i);
            assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
            assertThat(lease.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getUid()).isEqualTo(n.getMetadata().getUid()));
        }
    }

    @Test
    void anUnchangedNodeStatusIsNotWrittenAgainButANodeMarkedUnknownIsCorrected() throws InterruptedException {
        String node = "hollow-node-0";
        String rv = client.get(Kind.NODES, "", node).orElseThrow().getMetadata().getResourceVersion();
        // The status is recomputed every second here; three rounds with nothing new must not write.
        Thread.sleep(3000);
        assertThat(client.get(Kind.NODES, "", node).orElseThrow().getMetadata().getResourceVersion()).isEqualTo(rv);

        // What the node lifecycle controller does to a node whose Lease expired.
        // The patched Node as the server stored it: a read after the patch can already see the kubelet's correction.
        Node marked = client.patch(Kind.NODES, "", node, new dev.beluga.client.Patch(dev.beluga.client.Patch.Type.STRATEGIC,
                "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"Unknown\",\"reason\":\"NodeStatusUnknown\"}]}}", true));
        assertThat(marked.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("Unknown"));
        await(node + " Ready again", () -> client.get(Kind.NODES, "", node).orElseThrow(),
                n -> n.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));
    }

    @Test
    void boundPodsRunWithAnIpFromTheirNodesCidr() {
        Set<String> ips = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            String node = "hollow-node-" + i;
            String name = createAndBind(node, Map.of(), "Always").getMetadata().getName();
            Pod p = await(name + " running and ready", () -> pod(name), x -> phase(x).equals("Running") && condition(x, "Ready").equals("True"));
            assertThat(p.getStatus().getPodIP()).startsWith("10.244." + i + ".");
            assertThat(p.getStatus().getHostIP()).isEqualTo("172.16.0." + (i + 1));
            assertThat(p.getStatus().getStartTime()).isNotNull();
            assertThat(p.getStatus().getQosClass()).isEqualTo("BestEffort");
            ContainerStatus c = app(p);
            assertThat(c.getState().getRunning()).isNotNull();
            assertThat(c.getReady()).isTrue();
            assertThat(c.getStarted()).isTrue();
            assertThat(c.getContainerID()).startsWith("sim://");
            assertThat(c.getImage()).isEqualTo("docker.io/library/busybox:1.35");
            assertThat(c.getImageID()).startsWith("docker.io/library/busybox@sha256:");
            assertThat(p.getStatus().getConditions()).extracting(PodCondition::getType)
                    .contains("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");
            ips.add(p.getStatus().getPodIP());
        }
        assertThat(ips).hasSize(3);
    }

    @Test
    void aFailingPodUnderNeverEndsFailedWithItsExitCode() {
        String name = createAndBind("hollow-node-0", Map.of(SimExit.EXIT_CODE, "3", SimExit.EXIT_AFTER, "500ms"), "Never").getMetadata().getName();
        Pod p = await(name + " failed", () -> pod(name), x -> phase(x).equals("Failed"));
        var t = app(p).getState().getTerminated();
        assertThat(t.getExitCode()).isEqualTo(3);
        assertThat(t.getReason()).isEqualTo("Error");
        assertThat(app(p).getRestartCount()).isZero();
        assertThat(condition(p, "Ready")).isEqualTo("False");
        assertThat(condition(p, "PodReadyToStartContainers")).isEqualTo("False");
    }

    @Test
    void aSucceedingPodEndsSucceeded() {
        String name = createAndBind("hollow-node-1", Map.of(SimExit.EXIT_CODE, "0", SimExit.EXIT_AFTER, "200ms"), "OnFailure").getMetadata().getName();
        Pod p = await(name + " succeeded", () -> pod(name), x -> phase(x).equals("Succeeded"));
        assertThat(app(p).getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(p.getStatus().getPodIP()).startsWith("10.244.1.");
    }

    @Test
    void aCrashingPodUnderAlwaysBacksOffAndRestarts() {
        String name = createAndBind("hollow-node-2", Map.of(SimExit.EXIT_CODE, "1", SimExit.EXIT_AFTER, "300ms"), "Always").getMetadata().getName();
        Pod backingOff = await(name + " in CrashLoopBackOff", () -> pod(name),
                x -> x.getStatus().getContainerStatuses() != null && !x.getStatus().getContainerStatuses().isEmpty()
                        && app(x).getState().getWaiting() != null && "CrashLoopBackOff".equals(app(x).getState().getWaiting().getReason()));
        assertThat(app(backingOff).getState().getWaiting().getMessage())
                .matches("back-off \\d+s restarting failed container=app pod=" + name + "_default\\(" + backingOff.getMetadata().getUid() + "\\)");
        assertThat(app(backingOff).getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(phase(backingOff)).isEqualTo("Running");
        int before = app(backingOff).getRestartCount();
        Pod later = await(name + " restarted again", () -> pod(name), x -> app(x).getRestartCount() > before);
        assertThat(app(later).getRestartCount()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void initContainersRunBeforeTheAppContainer() {
        String name = "init-" + NAMES.incrementAndGet();
        Pod created = client.create(Kind.PODS, new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().addNewInitContainer().withName("setup").withImage("busybox:1.35").endInitContainer()
                .addNewContainer().withName("app").withImage("busybox:1.35").endContainer().endSpec().build());
        client.bind("default", name, created.getMetadata().getUid(), "hollow-node-1");
        Pod p = await(name + " running", () -> pod(name), x -> phase(x).equals("Running") && condition(x, "Ready").equals("True"));
        ContainerStatus setup = p.getStatus().getInitContainerStatuses().getFirst();
        assertThat(setup.getState().getTerminated().getExitCode()).isZero();
        assertThat(setup.getReady()).isTrue();
        assertThat(condition(p, "Initialized")).isEqualTo("True");
    }

    @Test
    void deletingAPodStopsItAndRemovesItFromTheApi() {
        String name = createAndBind("hollow-node-0", Map.of(), "Always").getMetadata().getName();
        await(name + " running", () -> pod(name), x -> phase(x).equals("Running"));
        SimulatedRuntime runtime = fleet.runtime("hollow-node-0");
        int ipsBefore = runtime.podIpsInUse();
        Optional<Pod> remains = client.delete(Kind.PODS, "default", name, new DeleteOptionsBuilder().build());
        assertThat(remains).as("a bound pod is deleted gracefully, by its kubelet").isPresent();
        await(name + " gone from the API", () -> maybePod(name), Optional::isEmpty);
        await("its IP released", runtime::podIpsInUse, n -> n == ipsBefore - 1);
    }

    @Test
    void aStoppedNodeStopsRenewingItsLeaseAndAdoptsItsPodsWhenBack() {
        String node = "hollow-node-2";
        String name = createAndBind(node, Map.of(), "Always").getMetadata().getName();
        Pod runningPod = await(name + " running", () -> pod(name), x -> phase(x).equals("Running"));
        String containerId = app(runningPod).getContainerID();

        fleet.stop(node);
        assertThat(fleet.isRunning(node)).isFalse();
        var renewed = client.get(Kind.LEASES, "kube-node-lease", node).orElseThrow().getSpec().getRenewTime();
        // Renewals come every second while the node runs; three without one show it stopped.
        try {
            Thread.sleep(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(client.get(Kind.LEASES, "kube-node-lease", node).orElseThrow().getSpec().getRenewTime()).isEqualTo(renewed);
        assertThat(fleet.runtime(node).runningContainers()).isPositive();

        fleet.start(node);
        await("the lease renewed again", () -> client.get(Kind.LEASES, "kube-node-lease", node).orElseThrow().getSpec().getRenewTime(),
                t -> t.isAfter(renewed));
        // Adopted, not restarted: same container, same restart count; and new pods still run there.
        Pod after = pod(name);
        assertThat(app(after).getContainerID()).isEqualTo(containerId);
        assertThat(app(after).getRestartCount()).isZero();
        String second = createAndBind(node, Map.of(), "Always").getMetadata().getName();
        await(second + " running", () -> pod(second), x -> phase(x).equals("Running"));
    }

    @Test
    void aDeletedNodeRegistersAgain() {
        String node = "hollow-node-1";
        String uid = client.get(Kind.NODES, "", node).orElseThrow().getMetadata().getUid();
        client.delete(Kind.NODES, "", node, new DeleteOptionsBuilder().build());
        Node back = await(node + " registered again", () -> client.get(Kind.NODES, "", node),
                n -> n.isPresent() && !n.get().getMetadata().getUid().equals(uid)).orElseThrow();
        assertThat(back.getSpec().getPodCIDR()).isEqualTo("10.244.1.0/24");
        await("the lease owned by the new node", () -> client.get(Kind.LEASES, "kube-node-lease", node).orElseThrow(),
                l -> l.getMetadata().getOwnerReferences().stream().anyMatch(o -> o.getUid().equals(back.getMetadata().getUid())));
    }

    @Test
    void eventsTellWhatTheKubeletDid() {
        String name = createAndBind("hollow-node-0", Map.of(), "Always").getMetadata().getName();
        await(name + " running", () -> pod(name), x -> phase(x).equals("Running"));
        List<String> reasons = await("kubelet events for " + name,
                () -> client.list(Kind.EVENTS, "default", dev.beluga.client.ListRequest.ALL).items().stream()
                        .filter(e -> e.getInvolvedObject().getName().equals(name)).map(e -> e.getReason()).toList(),
                r -> r.containsAll(List.of("Pulled", "Created", "Started")));
        assertThat(reasons).contains("Pulled", "Created", "Started");
    }
}
