package dev.beluga.controller.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.controller.Await;
import dev.beluga.controller.ControllerTestCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NamespaceControllerIntegrationTest {
    private ControllerTestCluster cluster;
    private Client client;

    @BeforeEach
    void start() {
        cluster = ControllerTestCluster.start("namespace-controller");
        client = cluster.client();
        cluster.run(NamespaceController::start);
        cluster.startInformersAndSync();
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private void fill(String ns) {
        client.create(Kind.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build());
        client.create(Kind.CONFIGMAPS, new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName("cm").endMetadata()
                .withData(Map.of("a", "b")).build());
        client.create(Kind.PODS, new PodBuilder().withNewMetadata().withNamespace(ns).withName("p").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().build());
        client.create(Kind.REPLICASETS, new ReplicaSetBuilder().withNewMetadata().withNamespace(ns).withName("rs").endMetadata()
                .withNewSpec().withReplicas(0).withNewSelector().withMatchLabels(Map.of("a", "b")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("a", "b")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().endTemplate()
                .endSpec().build());
    }

    @Test
    void aDeletedNamespaceIsEmptiedThenRemoved() throws Exception {
        fill("doomed");
        client.delete(Kind.NAMESPACES, "", "doomed", new DeleteOptionsBuilder().build());
        Await.until("the namespace is gone", () -> client.get(Kind.NAMESPACES, "", "doomed").isEmpty());
        assertThat(client.get(Kind.CONFIGMAPS, "doomed", "cm")).isEmpty();
        assertThat(client.get(Kind.PODS, "doomed", "p")).isEmpty();
        assertThat(client.get(Kind.REPLICASETS, "doomed", "rs")).isEmpty();
        assertThat(client.get(Kind.NAMESPACES, "", "default")).as("others untouched").isPresent();
    }

    @Test
    void contentThatStaysIsReportedInTheConditionsUntilItGoes() throws Exception {
        fill("slow");
        // A bound pod waits for its kubelet (grace period) and a finalizer nobody removes holds the ConfigMap.
        client.bind("slow", "p", "", "node-a");
        client.patch(Kind.CONFIGMAPS, "slow", "cm", dev.beluga.client.Patch.merge("{\"metadata\":{\"finalizers\":[\"example.com/hold\"]}}"));
        client.delete(Kind.NAMESPACES, "", "slow", new DeleteOptionsBuilder().build());
        Await.until("the conditions say what remains", () -> condition("slow", "NamespaceContentRemaining")
                .map(c -> "True".equals(c.getStatus()) && c.getMessage().contains("pods. has 1 resource instances")
                        && c.getMessage().contains("configmaps. has 1 resource instances"))
                .orElse(false));
        assertThat(condition("slow", "NamespaceFinalizersRemaining").orElseThrow().getMessage())
                .isEqualTo("Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances");
        assertThat(condition("slow", "NamespaceDeletionContentFailure").orElseThrow().getStatus()).isEqualTo("False");
        Namespace ns = client.get(Kind.NAMESPACES, "", "slow").orElseThrow();
        assertThat(ns.getSpec().getFinalizers()).contains("kubernetes");
        assertThat(ns.getStatus().getPhase()).isEqualTo("Terminating");

        client.delete(Kind.PODS, "slow", "p", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
        client.patch(Kind.CONFIGMAPS, "slow", "cm", dev.beluga.client.Patch.merge("{\"metadata\":{\"finalizers\":null}}"));
        Await.until("the namespace is gone", () -> client.get(Kind.NAMESPACES, "", "slow").isEmpty());
    }

    private Optional<NamespaceCondition> condition(String ns, String type) {
        return client.get(Kind.NAMESPACES, "", ns)
                .flatMap(n -> n.getStatus() == null || n.getStatus().getConditions() == null ? Optional.empty()
                        : n.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst());
    }

    @Test
    void aNamespaceNotBeingDeletedIsLeftAlone() throws Exception {
        fill("kept");
        Thread.sleep(300);
        assertThat(client.get(Kind.CONFIGMAPS, "kept", "cm")).isPresent();
        assertThat(client.get(Kind.NAMESPACES, "", "kept").orElseThrow().getStatus().getConditions()).isNullOrEmpty();
    }
}
