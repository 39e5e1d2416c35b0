package dev.beluga.controller.podgc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.Patch;
import dev.beluga.client.events.ClientEventRecorder;
import dev.beluga.client.informer.InformerFactory;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PodGarbageCollectorIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private LocalApiServer api;
    private Client client;
    private InformerFactory informers;
    private ClientEventRecorder events;
    private PodGarbageCollector gc;

    @BeforeEach
    void start() {
        api = LocalApiServer.start();
        client = api.client();
        client.create(Kind.NODES, new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build());
        informers = new InformerFactory(client);
        events = new ClientEventRecorder(client, "pod-garbage-collector", "");
        gc = PodGarbageCollector.start(client, informers, events, new PodGcSettings(2, Duration.ofMillis(500), Duration.ofMillis(100)));
        informers.start();
        assertThat(informers.waitForSync(WAIT)).isTrue();
    }

    @AfterEach
    void stop() {
        gc.close();
        events.close();
        informers.close();
        api.close();
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

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(25);
        }
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
        eventually("the pods of the missing node are gone", () -> gone("orphan") && gone("stuck"));
        assertThat(gone("fine")).isFalse();
        assertThat(gone("moved")).as("its node appeared within the quarantine").isFalse();

        client.delete(Kind.NODES, "", "n2-to-be", new DeleteOptionsBuilder().build());
        eventually("the pods of a deleted node go too", () -> gone("moved"));
        assertThat(gone("fine")).isFalse();
    }

    @Test
    void terminatedPodsBeyondTheThresholdGoOldestFirst() throws Exception {
        for (String name : new String[] {"t1", "t2", "t3", "t4"}) {
            pod(name, "n1");
            finish(name, name.equals("t2") ? "Failed" : "Succeeded");
        }
        pod("running", "n1");
        eventually("two terminated pods are left", () -> gone("t1") && gone("t2"));
        Thread.sleep(300);
        assertThat(gone("t3") || gone("t4") || gone("running")).isFalse();
    }
}
