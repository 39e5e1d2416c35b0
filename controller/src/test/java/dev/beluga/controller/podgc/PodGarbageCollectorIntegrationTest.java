package dev.beluga.controller.podgc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.Patch;
import dev.beluga.controller.Await;
import dev.beluga.controller.ControllerTestCluster;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PodGarbageCollectorIntegrationTest {
    private ControllerTestCluster cluster;
    private Client client;

    @BeforeEach
    void start() {
        cluster = ControllerTestCluster.start("pod-garbage-collector");
        client = cluster.client();
        client.create(Kind.NODES, new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build());
        cluster.run((c, informers, events) -> PodGarbageCollector.start(c, informers, events,
                new PodGcSettings(2, Duration.ofMillis(500), Duration.ofMillis(100))));
        cluster.startInformersAndSync();
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private Pod pod(String name, String node) {
        Pod p = client.create(Kind.PODS, new PodBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().build());
        if (node != null) client.bind("default", name, p.getMetadata().getUid(), node);
        return p;
    }

    private void finish(String name, String phase) {
        client.patch(Kind.PODS, "default", name, Patch.mergeStatus("{\"status\":{\"phase\":\"" + phase + "\"}}"));
    }

    private boolean gone(String name) {
        return client.get(Kind.PODS, "default", name).isEmpty();
    }

    @Test
    void podsOfNodesThatDoNotExistAreForceDeleted() throws Exception {
        pod("orphan", "ghost");
        pod("stuck", "ghost");
        client.delete(Kind.PODS, "default", "stuck", new DeleteOptionsBuilder().build());
        assertThat(client.get(Kind.PODS, "default", "stuck").orElseThrow().getMetadata().getDeletionTimestamp())
                .as("terminating, waiting for a kubelet that does not exist").isNotNull();
        pod("fine", "n1");
        pod("moved", "n2-to-be");
        client.create(Kind.NODES, new NodeBuilder().withNewMetadata().withName("n2-to-be").endMetadata().build());
        Await.until("the pods of the missing node are gone", () -> gone("orphan") && gone("stuck"));
        assertThat(gone("fine")).isFalse();
        assertThat(gone("moved")).as("its node appeared within the quarantine").isFalse();

        client.delete(Kind.NODES, "", "n2-to-be", new DeleteOptionsBuilder().build());
        Await.until("the pods of a deleted node go too", () -> gone("moved"));
        assertThat(gone("fine")).isFalse();
    }

    @Test
    void terminatedPodsBeyondTheThresholdGoOldestFirst() throws Exception {
        for (String name : new String[] {"t1", "t2", "t3", "t4"}) {
            pod(name, "n1");
            finish(name, name.equals("t2") ? "Failed" : "Succeeded");
        }
        pod("running", "n1");
        Await.until("two terminated pods are left", () -> gone("t1") && gone("t2"));
        Thread.sleep(300);
        assertThat(gone("t3") || gone("t4") || gone("running")).isFalse();
    }
}
