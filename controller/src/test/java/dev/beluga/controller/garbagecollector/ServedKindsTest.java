package dev.beluga.controller.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.Kind;
import org.junit.jupiter.api.Test;

class ServedKindsTest {
    @Test
    void coversEveryServedKindOnceAndResolvesOwnerReferences() {
        assertThat(ServedKinds.all()).contains(Kind.PODS, Kind.REPLICASETS, Kind.NODES, Kind.LEASES, Kind.CONFIGMAPS).doesNotHaveDuplicates();
        assertThat(ServedKinds.all().stream().filter(k -> k.type().kind().equals("Event"))).hasSize(1);
        assertThat(ServedKinds.namespaced()).contains(Kind.PODS).doesNotContain(Kind.NODES, Kind.NAMESPACES);
        assertThat(ServedKinds.byApiVersionAndKind("apps/v1", "ReplicaSet")).contains(Kind.REPLICASETS);
        assertThat(ServedKinds.byApiVersionAndKind("v1", "Node")).contains(Kind.NODES);
        assertThat(ServedKinds.byApiVersionAndKind("batch/v1", "Job")).isEmpty();
        assertThat(ServedKinds.byApiVersionAndKind("extensions/v1beta1", "ReplicaSet")).isEmpty();
    }
}
