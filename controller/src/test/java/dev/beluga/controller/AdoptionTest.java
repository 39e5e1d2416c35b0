package dev.beluga.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.api.errors.StatusException;
import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdoptionTest {
    private final LocalApiServer api = LocalApiServer.start();
    private final Client client = api.client();

    @AfterEach
    void stop() {
        api.close();
    }

    private ReplicaSet create(String... finalizers) {
        return client.create(Kind.REPLICASETS, new ReplicaSetBuilder()
                .withNewMetadata().withNamespace("default").withName("web").withFinalizers(finalizers).endMetadata()
                .withNewSpec().withReplicas(0).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().endTemplate()
                .endSpec().build());
    }

    private static void assertConflict(Runnable check, String why) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(StatusException.class, e -> {
            assertThat(e.code()).isEqualTo(409);
            assertThat(e.getMessage()).contains(why);
        });
    }

    @Test
    void theOwnerAsItIsMayAdopt() {
        ReplicaSet rs = create();
        assertThatCode(() -> Adoption.ensureAllowed(client, Kind.REPLICASETS, rs)).doesNotThrowAnyException();
    }

    @Test
    void anOwnerGoneOrReplacedUnderItsNameMayNot() {
        ReplicaSet first = create();
        client.delete(Kind.REPLICASETS, "default", "web", new DeleteOptions());
        assertConflict(() -> Adoption.ensureAllowed(client, Kind.REPLICASETS, first), "is gone: got uid , wanted " + first.getMetadata().getUid());
        ReplicaSet second = create();
        assertConflict(() -> Adoption.ensureAllowed(client, Kind.REPLICASETS, first), "got uid " + second.getMetadata().getUid());
    }

    @Test
    void anOwnerBeingDeletedMayNot() {
        ReplicaSet rs = create("example.com/hold");
        client.delete(Kind.REPLICASETS, "default", "web", new DeleteOptions());
        assertConflict(() -> Adoption.ensureAllowed(client, Kind.REPLICASETS, rs), "has just been deleted at");
    }

    private Pod pod(String name) {
        return client.create(Kind.PODS, new PodBuilder().withNewMetadata().withNamespace("default").withName(name).withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().build());
    }

    @Test
    void adoptingAndReleasingWriteTheControllerReference() {
        ReplicaSet rs = create();
        Pod orphan = pod("orphan");
        Pod adopted = Adoption.adopt(client, Kind.PODS, rs, orphan);
        assertThat(ControllerRefs.isControlledBy(adopted, rs)).isTrue();
        assertThat(adopted.getMetadata().getOwnerReferences().getFirst().getBlockOwnerDeletion()).isTrue();

        Adoption.release(client, Kind.PODS, rs, adopted);
        assertThat(ControllerRefs.controllerOf(client.get(Kind.PODS, "default", "orphan").orElseThrow())).isEmpty();
    }

    @Test
    void anOrphanGoneOrReplacedIsNotAdoptedAndThereIsNothingToRelease() {
        ReplicaSet rs = create();
        Pod orphan = pod("orphan");
        client.delete(Kind.PODS, "default", "orphan", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
        assertConflict(() -> Adoption.adopt(client, Kind.PODS, rs, orphan), "the Pod to adopt is gone");
        assertThatCode(() -> Adoption.release(client, Kind.PODS, rs, orphan)).doesNotThrowAnyException();

        Pod successor = pod("orphan");
        assertThatThrownBy(() -> Adoption.adopt(client, Kind.PODS, rs, orphan)).as("the uid precondition").isInstanceOf(StatusException.class);
        assertThatCode(() -> Adoption.release(client, Kind.PODS, rs, orphan)).doesNotThrowAnyException();
        assertThat(ControllerRefs.controllerOf(client.get(Kind.PODS, "default", "orphan").orElseThrow())).isEmpty();
        assertThat(successor.getMetadata().getUid()).isNotEqualTo(orphan.getMetadata().getUid());
    }
}
