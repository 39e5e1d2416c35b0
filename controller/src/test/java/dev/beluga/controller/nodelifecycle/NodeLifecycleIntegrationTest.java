package dev.beluga.controller.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.Patch;
import dev.beluga.controller.Await;
import dev.beluga.controller.ControllerTestCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Node lifecycle and taint eviction against a real API server, with nodes and Leases written by the
 * test in place of kubelets: one node keeps renewing its Lease, the other stops.
 */
class NodeLifecycleIntegrationTest {
    /**
     * How long a node may go unrenewed. The healthy node stays Ready only while the renewer (every
     * 200 ms) and the Lease watch keep within it: 5 s leaves a busy 2-core machine room to stall.
     */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private ControllerTestCluster cluster;
    private Client client;
    private volatile boolean renewDying = true;

    @BeforeEach
    void start() {
        cluster = ControllerTestCluster.start("node-controller");
        client = cluster.client();
        node("healthy");
        node("dying");
        Thread renewer = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                renew("healthy");
                if (renewDying) renew("dying");
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        cluster.run((c, informers, events) -> NodeLifecycleController.start(c, informers, events, NodeLifecycleSettings.withGracePeriod(GRACE)));
        cluster.run(TaintEvictionController::start);
        // Closed first: no renewals into a server that is going away.
        cluster.closing(() -> {
            renewer.interrupt();
            renewer.join();
        });
        cluster.startInformersAndSync();
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private void node(String name) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        client.create(Kind.NODES, new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().withConditions(
                        new NodeConditionBuilder().withType("Ready").withStatus("True").withReason("KubeletReady")
                                .withMessage("kubelet is posting ready status").withLastHeartbeatTime(now).withLastTransitionTime(now).build(),
                        new NodeConditionBuilder().withType("MemoryPressure").withStatus("False").withReason("KubeletHasSufficientMemory")
                                .withLastHeartbeatTime(now).withLastTransitionTime(now).build())
                .endStatus().build());
        client.create(Kind.LEASES, new LeaseBuilder().withNewMetadata().withNamespace("kube-node-lease").withName(name).endMetadata()
                .withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(40).withRenewTime(Instant.now().atZone(ZoneOffset.UTC)).endSpec().build());
    }

    private void renew(String name) {
        try {
            client.patch(Kind.LEASES, "kube-node-lease", name,
                    Patch.merge("{\"spec\":{\"renewTime\":\"" + Instant.now().truncatedTo(ChronoUnit.MICROS) + "\"}}"));
        } catch (RuntimeException e) {
            // The server may be closing under the test's teardown.
        }
    }

    private Pod pod(String name, String node, Toleration... tolerations) {
        Pod p = client.create(Kind.PODS, new PodBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withTolerations(List.of(tolerations)).addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec()
                .build());
        client.bind("default", name, p.getMetadata().getUid(), node);
        return p;
    }

    private static Toleration unreachable(Long seconds) {
        return new TolerationBuilder().withKey(NodeTaints.UNREACHABLE).withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(seconds).build();
    }

    private Node get(String node) {
        return client.get(Kind.NODES, "", node).orElseThrow();
    }

    private static Optional<NodeCondition> ready(Node n) {
        return n.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst();
    }

    private static List<String> taints(Node n) {
        return n.getSpec() == null || n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints().stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
    }

    private boolean evicted(String pod) {
        return client.get(Kind.PODS, "default", pod).map(p -> p.getMetadata().getDeletionTimestamp() != null).orElse(true);
    }

    @Test
    void aSilentNodeBecomesUnknownIsTaintedAndItsPodsAreEvictedAsTheyTolerate() throws Exception {
        pod("now", "dying", unreachable(0L));
        pod("later", "dying", unreachable(2L));
        pod("forever", "dying", unreachable(null));
        pod("elsewhere", "healthy", unreachable(0L));
        client.patch(Kind.PODS, "default", "forever", new Patch(Patch.Type.STRATEGIC,
                "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}", true));

        renewDying = false;
        Await.until("the silent node is Unknown", () -> ready(get("dying")).map(c -> "Unknown".equals(c.getStatus())).orElse(false));
        NodeCondition unknown = ready(get("dying")).orElseThrow();
        assertThat(unknown.getReason()).isEqualTo("NodeStatusUnknown");
        assertThat(unknown.getMessage()).isEqualTo("Kubelet stopped posting node status.");
        assertThat(get("dying").getStatus().getConditions()).filteredOn(c -> c.getType().equals("MemoryPressure"))
                .extracting(NodeCondition::getStatus).containsExactly("Unknown");
        Await.until("it carries the unreachable taints", () -> taints(get("dying")).containsAll(
                List.of("node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule")));
        Taint noExecute = get("dying").getSpec().getTaints().stream().filter(t -> t.getEffect().equals("NoExecute")).findFirst().orElseThrow();
        assertThat(noExecute.getTimeAdded()).isNotEmpty();

        Await.until("the pod tolerating 0 s is evicted", () -> evicted("now"));
        Pod gone = client.get(Kind.PODS, "default", "now").orElseThrow();
        assertThat(gone.getStatus().getConditions()).filteredOn(c -> c.getType().equals("DisruptionTarget"))
                .extracting(PodCondition::getReason).containsExactly("DeletionByTaintManager");
        Await.until("the pod tolerating 2 s is evicted", () -> evicted("later"));
        PodCondition disruption = client.get(Kind.PODS, "default", "later").orElseThrow().getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("DisruptionTarget")).findFirst().orElseThrow();
        assertThat(Instant.parse(disruption.getLastTransitionTime()))
                .as("not before its tolerationSeconds ran out").isAfterOrEqualTo(Instant.parse(noExecute.getTimeAdded()).plusSeconds(2));
        Await.until("the eviction events are written", () -> client.list(Kind.EVENTS, "default", ListRequest.ALL).items().stream()
                .anyMatch(e -> "TaintManagerEviction".equals(e.getReason()) && "Marking for deletion Pod default/later".equals(e.getMessage())));

        assertThat(evicted("forever")).as("tolerates forever").isFalse();
        assertThat(evicted("elsewhere")).as("its node is healthy").isFalse();
        assertThat(client.get(Kind.PODS, "default", "forever").orElseThrow().getStatus().getConditions())
                .filteredOn(c -> c.getType().equals("Ready")).extracting(PodCondition::getStatus).containsExactly("False");
        assertThat(ready(get("healthy")).orElseThrow().getStatus()).isEqualTo("True");
        assertThat(taints(get("healthy"))).isEmpty();

        // The kubelet comes back: it renews its Lease and posts Ready.
        renewDying = true;
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Node back = get("dying");
        back.getStatus().setConditions(List.of(new NodeConditionBuilder().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withLastHeartbeatTime(now).withLastTransitionTime(now).build()));
        client.updateStatus(Kind.NODES, back);
        Await.until("the node is untainted", () -> taints(get("dying")).isEmpty());
    }

    @Test
    void aNodeReportingNotReadyGetsTheNotReadyTaints() throws Exception {
        Node n = get("healthy");
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        n.getStatus().setConditions(List.of(new NodeConditionBuilder().withType("Ready").withStatus("False").withReason("KubeletNotReady")
                .withLastHeartbeatTime(now).withLastTransitionTime(now).build()));
        client.updateStatus(Kind.NODES, n);
        Await.until("it carries the not-ready taints", () -> taints(get("healthy")).containsAll(
                List.of("node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/not-ready:NoSchedule")));
        assertThat(taints(get("healthy"))).doesNotContain("node.kubernetes.io/unreachable:NoExecute");
    }

    @Test
    void aCordonedNodeGetsTheUnschedulableTaintAndUntoleratedNoExecuteTaintsEvictAtOnce() throws Exception {
        pod("plain", "healthy");
        pod("tolerant", "healthy", new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("db").withEffect("NoExecute").build());
        client.patch(Kind.NODES, "", "healthy", Patch.merge("{\"spec\":{\"unschedulable\":true,\"taints\":[{\"key\":\"dedicated\",\"value\":\"db\",\"effect\":\"NoExecute\"}]}}"));
        Await.until("the cordon taint is there", () -> taints(get("healthy")).contains("node.kubernetes.io/unschedulable:NoSchedule"));
        assertThat(taints(get("healthy"))).contains("dedicated:NoExecute");
        Await.until("the pod without the toleration is evicted", () -> evicted("plain"));
        Thread.sleep(300);
        assertThat(evicted("tolerant")).isFalse();
        client.patch(Kind.NODES, "", "healthy", Patch.merge("{\"spec\":{\"unschedulable\":null}}"));
        Await.until("uncordoned", () -> !taints(get("healthy")).contains("node.kubernetes.io/unschedulable:NoSchedule"));
    }
}
