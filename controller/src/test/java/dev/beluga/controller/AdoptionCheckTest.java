package dev.beluga.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.api.errors.StatusException;
import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdoptionCheckTest {
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
        assertThatCode(() -> AdoptionCheck.ensureCanAdopt(client, Kind.REPLICASETS, rs)).doesNotThrowAnyException();
    }

    @Test
    void anOwnerGoneOrReplacedUnderItsNameMayNot() {
        ReplicaSet first = create();
        client.delete(Kind.REPLICASETS, "default", "web", new DeleteOptions());
        assertConflict(() -> AdoptionCheck.ensureCanAdopt(client, Kind.REPLICASETS, first), "is gone: got uid , wanted " + first.getMetadata().getUid());
        ReplicaSet second = create();
        assertConflict(() -> AdoptionCheck.ensureCanAdopt(client, Kind.REPLICASETS, first), "got uid " + second.getMetadata().getUid());
    }

    @Test
    void anOwnerBeingDeletedMayNot() {
        ReplicaSet rs = create("example.com/hold");
        client.delete(Kind.REPLICASETS, "default", "web", new DeleteOptions());
        assertConflict(() -> AdoptionCheck.ensureCanAdopt(client, Kind.REPLICASETS, rs), "has just been deleted at");
    }
}
