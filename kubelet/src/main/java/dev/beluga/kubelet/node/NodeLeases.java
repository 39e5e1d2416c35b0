package dev.beluga.kubelet.node;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The node's heartbeat Lease in kube-node-lease (upstream's nodelease controller), without I/O. */
public final class NodeLeases {
    public static final String NAMESPACE = "kube-node-lease";

    private NodeLeases() {}

    /**
     * The Lease renewed at {@code now}: held by the node, owned by the Node object (so it goes with
     * it) when its uid is known, from {@code current} when one exists.
     */
    public static Lease renewed(Optional<Lease> current, String nodeName, Optional<String> nodeUid, int durationSeconds, Instant now) {
        LeaseBuilder b = current.map(LeaseBuilder::new)
                .orElseGet(() -> new LeaseBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(nodeName).endMetadata());
        nodeUid.ifPresent(uid -> b.editMetadata().withOwnerReferences(List.of(new OwnerReferenceBuilder()
                .withApiVersion("v1").withKind("Node").withName(nodeName).withUid(uid).build())).endMetadata());
        return b.withNewSpec().withHolderIdentity(nodeName).withLeaseDurationSeconds(durationSeconds)
                .withRenewTime(ZonedDateTime.ofInstant(now.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC)).endSpec().build();
    }
}
