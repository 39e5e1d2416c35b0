package dev.beluga.api.admission;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's defaulting (pkg/apis/core/v1 and apps/v1 defaults, plus the Priority and
 * DefaultTolerationSeconds admission plugins and the strategies' initial status), applied in place.
 * Idempotent: the API server runs it on create and on update.
 */
public final class Defaulting {
    /** DefaultTolerationSeconds admission's --default-not-ready-toleration-seconds (the server sets it from its flag). */
    public static volatile long defaultNotReadyTolerationSeconds = 300;
    /** DefaultTolerationSeconds admission's --default-unreachable-toleration-seconds. */
    public static volatile long defaultUnreachableTolerationSeconds = 300;

    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private Defaulting() {}

    public static void apply(HasMetadata obj) {
        switch (obj) {
            case Pod p -> PodDefaults.apply(p);
            case Deployment d -> WorkloadDefaults.deployment(d);
            case ReplicaSet rs -> WorkloadDefaults.replicaSet(rs);
            case StatefulSet s -> WorkloadDefaults.statefulSet(s);
            case Namespace n -> namespace(n);
            case Secret s -> secret(s);
            case Node n -> node(n);
            default -> { }
        }
    }

    /** Upstream's pod QoS class (GetPodQOS): BestEffort, Burstable or Guaranteed. */
    public static String qosClass(PodSpec spec) {
        return PodQos.qosClass(spec);
    }

    private static void namespace(Namespace n) {
        // SetDefaults_Namespace: the immutable name label lets selectors pick namespaces by name.
        if (n.getMetadata() != null && n.getMetadata().getName() != null && !n.getMetadata().getName().isEmpty()) {
            Map<String, String> labels = n.getMetadata().getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(n.getMetadata().getLabels());
            labels.put(NAMESPACE_NAME_LABEL, n.getMetadata().getName());
            n.getMetadata().setLabels(labels);
        }
        if (n.getSpec() == null) n.setSpec(new NamespaceSpec());
        if (n.getSpec().getFinalizers() == null || n.getSpec().getFinalizers().isEmpty()) {
            n.getSpec().setFinalizers(new ArrayList<>(List.of("kubernetes")));
        }
        if (n.getStatus() == null) n.setStatus(new NamespaceStatus());
        if (n.getStatus().getPhase() == null || n.getStatus().getPhase().isEmpty()) n.getStatus().setPhase("Active");
    }

    /** Type Opaque; stringData is a write-only convenience that upstream folds into data while converting. */
    private static void secret(Secret s) {
        if (s.getType() == null || s.getType().isEmpty()) s.setType("Opaque");
        Map<String, String> stringData = s.getStringData();
        if (stringData != null && !stringData.isEmpty()) {
            Map<String, String> data = s.getData() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(s.getData());
            Base64.Encoder enc = Base64.getEncoder();
            for (Map.Entry<String, String> e : stringData.entrySet()) {
                String value = e.getValue() == null ? "" : e.getValue();
                data.put(e.getKey(), enc.encodeToString(value.getBytes(StandardCharsets.UTF_8)));
            }
            s.setData(data);
        }
        if (stringData != null) s.setStringData(null);
    }

    /** SetDefaults_NodeStatus: allocatable falls back to capacity. */
    private static void node(Node n) {
        if (n.getStatus() == null) return;
        Map<String, Quantity> capacity = n.getStatus().getCapacity();
        Map<String, Quantity> allocatable = n.getStatus().getAllocatable();
        if ((allocatable == null || allocatable.isEmpty()) && capacity != null && !capacity.isEmpty()) {
            n.getStatus().setAllocatable(new LinkedHashMap<>(capacity));
        }
    }
}
