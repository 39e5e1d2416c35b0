package dev.beluga.api.patch;

import java.util.Map;
import java.util.Optional;

/**
 * The strategic-merge metadata of the Kubernetes types Beluga serves, keyed by fabric8 model class and
 * JSON field name. The facts are upstream's {@code patchStrategy}/{@code patchMergeKey} struct tags in
 * k8s.io/api (core/v1, apps/v1, meta/v1, autoscaling/v2, batch/v1, policy/v1). A field that is absent
 * here has no strategy: a list is replaced whole (tolerations, taints, args, command, envFrom ...) and
 * a struct is merged field by field.
 *
 * <p>Keys are class names rather than classes so facts for model modules that are not on the class
 * path (batch, policy) cost nothing.
 */
public final class PatchStrategies {

    /**
     * One field's strategy.
     *
     * @param strategy {@code merge}, {@code replace}, {@code retainKeys} or {@code merge,retainKeys}
     * @param mergeKey the key identifying list items for lists of objects; empty for primitive lists and
     *                 for non-list fields
     */
    public record PatchStrategy(String strategy, Optional<String> mergeKey) {
        public boolean merges() {
            return strategy.equals("merge") || strategy.startsWith("merge,");
        }

        public boolean retainsKeys() {
            return strategy.contains("retainKeys");
        }

        public boolean replaces() {
            return strategy.equals("replace");
        }
    }

    private static final String CORE = "io.fabric8.kubernetes.api.model.";
    private static final String APPS = "io.fabric8.kubernetes.api.model.apps.";

    private static final PatchStrategy MERGE = new PatchStrategy("merge", Optional.empty());
    private static final PatchStrategy RETAIN_KEYS = new PatchStrategy("retainKeys", Optional.empty());
    private static final PatchStrategy BY_NAME = mergeOn("name");
    private static final PatchStrategy BY_TYPE = mergeOn("type");
    private static final PatchStrategy BY_IP = mergeOn("ip");
    private static final PatchStrategy RETAIN_BY_NAME = new PatchStrategy("merge,retainKeys", Optional.of("name"));

    private static final Map<String, Map<String, PatchStrategy>> BY_CLASS = Map.ofEntries(
            // meta/v1
            Map.entry(CORE + "ObjectMeta", Map.of(
                    "finalizers", MERGE,
                    "ownerReferences", mergeOn("uid"))),
            // core/v1
            Map.entry(CORE + "PodSpec", Map.of(
                    "volumes", RETAIN_BY_NAME,
                    "initContainers", BY_NAME,
                    "containers", BY_NAME,
                    "ephemeralContainers", BY_NAME,
                    "imagePullSecrets", BY_NAME,
                    "hostAliases", BY_IP,
                    "topologySpreadConstraints", mergeOn("topologyKey"),
                    "schedulingGates", BY_NAME,
                    "resourceClaims", RETAIN_BY_NAME)),
            Map.entry(CORE + "Container", containerFields()),
            Map.entry(CORE + "EphemeralContainer", containerFields()),
            Map.entry(CORE + "PodStatus", Map.of(
                    "conditions", BY_TYPE,
                    "podIPs", BY_IP,
                    "hostIPs", BY_IP,
                    "resourceClaimStatuses", RETAIN_BY_NAME)),
            Map.entry(CORE + "NodeSpec", Map.of("podCIDRs", MERGE)),
            Map.entry(CORE + "NodeStatus", Map.of(
                    "conditions", BY_TYPE,
                    "addresses", BY_TYPE)),
            Map.entry(CORE + "NamespaceStatus", Map.of("conditions", BY_TYPE)),
            Map.entry(CORE + "ServiceAccount", Map.of("secrets", BY_NAME)),
            Map.entry(CORE + "ServiceSpec", Map.of("ports", mergeOn("port"))),
            Map.entry(CORE + "ServiceStatus", Map.of("conditions", BY_TYPE)),
            Map.entry(CORE + "PersistentVolumeClaimStatus", Map.of("conditions", BY_TYPE)),
            Map.entry(CORE + "ReplicationControllerStatus", Map.of("conditions", BY_TYPE)),
            Map.entry(CORE + "ComponentStatus", Map.of("conditions", BY_TYPE)),
            // apps/v1
            Map.entry(APPS + "DeploymentSpec", Map.of("strategy", RETAIN_KEYS)),
            Map.entry(APPS + "DeploymentStatus", Map.of("conditions", BY_TYPE)),
            Map.entry(APPS + "ReplicaSetStatus", Map.of("conditions", BY_TYPE)),
            Map.entry(APPS + "StatefulSetStatus", Map.of("conditions", BY_TYPE)),
            Map.entry(APPS + "DaemonSetStatus", Map.of("conditions", BY_TYPE)),
            // autoscaling/v2, batch/v1, policy/v1
            Map.entry("io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus", Map.of("conditions", BY_TYPE)),
            Map.entry("io.fabric8.kubernetes.api.model.batch.v1.JobStatus", Map.of("conditions", BY_TYPE)),
            Map.entry("io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus", Map.of("conditions", BY_TYPE)));

    private PatchStrategies() {}

    /** The strategy of {@code owner}'s JSON field {@code jsonField}, or empty when upstream declares none. */
    public static Optional<PatchStrategy> lookup(Class<?> owner, String jsonField) {
        return lookup(owner.getName(), jsonField);
    }

    /** As {@link #lookup(Class, String)}, by fully qualified fabric8 class name. */
    public static Optional<PatchStrategy> lookup(String ownerClassName, String jsonField) {
        Map<String, PatchStrategy> fields = BY_CLASS.get(ownerClassName);
        return fields == null ? Optional.empty() : Optional.ofNullable(fields.get(jsonField));
    }

    /** Every declared strategy of one class, by JSON field (empty when it declares none); for OpenAPI extensions. */
    public static Map<String, PatchStrategy> of(Class<?> owner) {
        return BY_CLASS.getOrDefault(owner.getName(), Map.of());
    }

    private static PatchStrategy mergeOn(String key) {
        return new PatchStrategy("merge", Optional.of(key));
    }

    /** Container and EphemeralContainer (upstream's EphemeralContainerCommon) carry the same tags. */
    private static Map<String, PatchStrategy> containerFields() {
        return Map.of(
                "ports", mergeOn("containerPort"),
                "env", BY_NAME,
                "volumeMounts", mergeOn("mountPath"),
                "volumeDevices", mergeOn("devicePath"));
    }
}
