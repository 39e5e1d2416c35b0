package dev.beluga.controller.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.controller.Await;
import dev.beluga.controller.ControllerTestCluster;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The collector against a real API server: each propagation policy on a ReplicaSet with pods whose owner references the test sets. */
class GarbageCollectorIntegrationTest {
    private ControllerTestCluster cluster;
    private Client client;

    @BeforeEach
    void start() throws Exception {
        cluster = ControllerTestCluster.start("garbage-collector");
        client = cluster.client();
        GarbageCollector gc = cluster.run(GarbageCollector::start);
        cluster.startInformers();
        assertThat(gc.awaitRunning(Await.TIMEOUT)).isTrue();
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private ReplicaSet replicaSet(String name) {
        return client.create(Kind.REPLICASETS, new ReplicaSetBuilder()
                .withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().endTemplate()
                .endSpec().build());
    }

    private static OwnerReference ownedBy(HasMetadata owner, boolean block) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(block).build();
    }

    private Pod pod(String name, HasMetadata owner, String node) {
        Pod created = client.create(Kind.PODS, new PodBuilder()
                .withNewMetadata().withNamespace("default").withName(name).withOwnerReferences(ownedBy(owner, true)).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().build());
        if (node != null) client.bind("default", name, created.getMetadata().getUid(), node);
        return created;
    }

    private boolean gone(Kind<? extends HasMetadata> kind, String ns, String name) {
        return client.get(kind, ns, name).isEmpty();
    }

    /**
     * Waits until the collector's caches hold these objects. The collector knows an owner's dependents
     * only from its informers (upstream's graph too), each fed by its own watch: a dependent created
     * just before its owner is deleted can reach the collector after the owner's deletion, which then
     * finds nothing to wait for or orphan. A real cluster's dependents have long been known.
     */
    private <T extends HasMetadata> void awaitKnownToTheCollector(Kind<T> kind, String... names) throws InterruptedException {
        var cache = cluster.informers().informer(kind).lister();
        Await.until("the collector's cache holds " + kind + " " + List.of(names),
                () -> List.of(names).stream().allMatch(name -> cache.get("default", name).isPresent()));
    }

    private void delete(Kind<? extends HasMetadata> kind, String name, String policy) {
        client.delete(kind, "default", name, new DeleteOptionsBuilder().withPropagationPolicy(policy).build());
    }

    @Test
    void backgroundDeletionTakesTheDependentsAfterTheOwner() throws Exception {
        ReplicaSet rs = replicaSet("bg");
        pod("bg-1", rs, null);
        pod("bg-2", rs, null);
        delete(Kind.REPLICASETS, "bg", "Background");
        assertThat(gone(Kind.REPLICASETS, "default", "bg")).isTrue();
        Await.until("both pods are collected", () -> gone(Kind.PODS, "default", "bg-1") && gone(Kind.PODS, "default", "bg-2"));
    }

    @Test
    void foregroundDeletionWaitsForBlockingDependents() throws Exception {
        ReplicaSet rs = replicaSet("fg");
        pod("fg-1", rs, "node-a");
        pod("fg-2", rs, null);
        awaitKnownToTheCollector(Kind.PODS, "fg-1", "fg-2");
        delete(Kind.REPLICASETS, "fg", "Foreground");
        // The bound pod waits for a kubelet that never comes (its grace period); the owner waits for it.
        Await.until("the bound pod is terminating and the unbound one gone", () ->
                client.get(Kind.PODS, "default", "fg-1").map(p -> p.getMetadata().getDeletionTimestamp() != null).orElse(false)
                        && gone(Kind.PODS, "default", "fg-2"));
        Thread.sleep(300);
        ReplicaSet waiting = client.get(Kind.REPLICASETS, "default", "fg").orElseThrow();
        assertThat(waiting.getMetadata().getFinalizers()).contains("foregroundDeletion");
        assertThat(waiting.getMetadata().getDeletionTimestamp()).isNotNull();
        client.delete(Kind.PODS, "default", "fg-1", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
        Await.until("the owner goes once its dependents are gone", () -> gone(Kind.REPLICASETS, "default", "fg"));
    }

    @Test
    void orphanDeletionReleasesTheDependents() throws Exception {
        ReplicaSet rs = replicaSet("or");
        pod("or-1", rs, null);
        pod("or-2", rs, null);
        awaitKnownToTheCollector(Kind.PODS, "or-1", "or-2");
        delete(Kind.REPLICASETS, "or", "Orphan");
        Await.until("the owner goes", () -> gone(Kind.REPLICASETS, "default", "or"));
        for (String name : List.of("or-1", "or-2")) {
            Pod p = client.get(Kind.PODS, "default", name).orElseThrow();
            assertThat(p.getMetadata().getOwnerReferences()).isNullOrEmpty();
        }
        Thread.sleep(300);
        assertThat(client.list(Kind.PODS, "default", ListRequest.labels("")).items()).extracting(p -> p.getMetadata().getName()).contains("or-1", "or-2");
    }

    @Test
    void anOwnerRecreatedUnderTheSameNameIsNotTheOwner() throws Exception {
        ReplicaSet first = replicaSet("again");
        client.delete(Kind.REPLICASETS, "default", "again", new DeleteOptionsBuilder().withPropagationPolicy("Orphan").build());
        Await.until("the first owner is gone", () -> gone(Kind.REPLICASETS, "default", "again"));
        replicaSet("again");
        // A pod naming the first incarnation (by uid) belongs to nobody: it is collected.
        pod("stale", first, null);
        Await.until("the pod of the old uid is collected", () -> gone(Kind.PODS, "default", "stale"));
        assertThat(gone(Kind.REPLICASETS, "default", "again")).isFalse();
    }

    @Test
    void aSurvivingOwnerKeepsTheDependentAndLosesTheDeadReference() throws Exception {
        ReplicaSet keeper = replicaSet("keeper");
        ReplicaSet doomed = replicaSet("doomed");
        client.create(Kind.PODS, new PodBuilder()
                .withNewMetadata().withNamespace("default").withName("shared")
                .withOwnerReferences(ownedBy(keeper, false), new OwnerReferenceBuilder(ownedBy(doomed, false)).withController(false).build()).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().build());
        delete(Kind.REPLICASETS, "doomed", "Background");
        Await.until("the dead reference is dropped", () -> client.get(Kind.PODS, "default", "shared")
                .map(p -> p.getMetadata().getOwnerReferences().size() == 1
                        && p.getMetadata().getOwnerReferences().getFirst().getUid().equals(keeper.getMetadata().getUid()))
                .orElse(false));
    }

    @Test
    void foregroundCascadesThroughAChain() throws Exception {
        Deployment d = client.create(Kind.DEPLOYMENTS, new DeploymentBuilder()
                .withNewMetadata().withNamespace("default").withName("web").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().endTemplate()
                .endSpec().build());
        ReplicaSet rs = client.create(Kind.REPLICASETS, new ReplicaSetBuilder(replicaSetTemplate("web-1"))
                .editMetadata().withOwnerReferences(ownedBy(d, true)).endMetadata().build());
        pod("web-1-a", rs, "node-a");
        awaitKnownToTheCollector(Kind.REPLICASETS, "web-1");
        awaitKnownToTheCollector(Kind.PODS, "web-1-a");
        delete(Kind.DEPLOYMENTS, "web", "Foreground");
        Await.until("the ReplicaSet is deleted in the foreground too", () -> client.get(Kind.REPLICASETS, "default", "web-1")
                .map(r -> r.getMetadata().getDeletionTimestamp() != null && r.getMetadata().getFinalizers().contains("foregroundDeletion"))
                .orElse(false));
        Await.until("the pod is terminating", () -> client.get(Kind.PODS, "default", "web-1-a")
                .map(p -> p.getMetadata().getDeletionTimestamp() != null).orElse(false));
        assertThat(gone(Kind.DEPLOYMENTS, "default", "web")).isFalse();
        client.delete(Kind.PODS, "default", "web-1-a", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
        Await.until("the whole chain goes", () -> gone(Kind.REPLICASETS, "default", "web-1") && gone(Kind.DEPLOYMENTS, "default", "web"));
    }

    private static ReplicaSet replicaSetTemplate(String name) {
        return new ReplicaSetBuilder()
                .withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().endTemplate()
                .endSpec().build();
    }

    @Test
    void aClusterScopedOwnerCollectsNamespacedDependents() throws Exception {
        Node node = client.create(Kind.NODES, new NodeBuilder().withNewMetadata().withName("node-x").endMetadata().build());
        client.create(Kind.LEASES, new LeaseBuilder().withNewMetadata().withNamespace("kube-node-lease").withName("node-x")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node").withName("node-x")
                        .withUid(node.getMetadata().getUid()).build()).endMetadata()
                .withNewSpec().withHolderIdentity("node-x").withLeaseDurationSeconds(40).endSpec().build());
        Thread.sleep(300);
        assertThat(gone(Kind.LEASES, "kube-node-lease", "node-x")).as("its owner exists").isFalse();
        client.delete(Kind.NODES, "", "node-x", new DeleteOptionsBuilder().build());
        Await.until("the node's Lease is collected", () -> gone(Kind.LEASES, "kube-node-lease", "node-x"));
    }
}
