package dev.beluga.apiserver.openapi;

import java.util.List;
import java.util.Map;

/**
 * The fields upstream's OpenAPI marks required (Go struct fields without omitempty/optional) for the
 * types Beluga serves. fabric8's classes do not carry this, so it is listed here by schema name.
 */
final class RequiredFields {
    private static final String CORE = "io.k8s.api.core.v1.";
    private static final String APPS = "io.k8s.api.apps.v1.";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    private static final Map<String, List<String>> BY_SCHEMA = Map.ofEntries(
            Map.entry(META + "OwnerReference", List.of("apiVersion", "kind", "name", "uid")),
            Map.entry(META + "LabelSelectorRequirement", List.of("key", "operator")),
            Map.entry(META + "Condition", List.of("type", "status", "lastTransitionTime", "reason", "message")),
            Map.entry(CORE + "PodSpec", List.of("containers")),
            Map.entry(CORE + "Container", List.of("name")),
            Map.entry(CORE + "EphemeralContainer", List.of("name")),
            Map.entry(CORE + "ContainerPort", List.of("containerPort")),
            Map.entry(CORE + "EnvVar", List.of("name")),
            Map.entry(CORE + "VolumeMount", List.of("name", "mountPath")),
            Map.entry(CORE + "VolumeDevice", List.of("name", "devicePath")),
            Map.entry(CORE + "Volume", List.of("name")),
            Map.entry(CORE + "KeyToPath", List.of("key", "path")),
            Map.entry(CORE + "HostPathVolumeSource", List.of("path")),
            Map.entry(CORE + "PersistentVolumeClaimVolumeSource", List.of("claimName")),
            Map.entry(CORE + "ConfigMapKeySelector", List.of("key")),
            Map.entry(CORE + "SecretKeySelector", List.of("key")),
            Map.entry(CORE + "ObjectFieldSelector", List.of("fieldPath")),
            Map.entry(CORE + "ResourceFieldSelector", List.of("resource")),
            Map.entry(CORE + "DownwardAPIVolumeFile", List.of("path")),
            Map.entry(CORE + "ServiceAccountTokenProjection", List.of("path")),
            Map.entry(CORE + "HTTPGetAction", List.of("port")),
            Map.entry(CORE + "HTTPHeader", List.of("name", "value")),
            Map.entry(CORE + "TCPSocketAction", List.of("port")),
            Map.entry(CORE + "GRPCAction", List.of("port")),
            Map.entry(CORE + "SleepAction", List.of("seconds")),
            Map.entry(CORE + "NodeSelector", List.of("nodeSelectorTerms")),
            Map.entry(CORE + "NodeSelectorRequirement", List.of("key", "operator")),
            Map.entry(CORE + "PreferredSchedulingTerm", List.of("weight", "preference")),
            Map.entry(CORE + "PodAffinityTerm", List.of("topologyKey")),
            Map.entry(CORE + "WeightedPodAffinityTerm", List.of("weight", "podAffinityTerm")),
            Map.entry(CORE + "TopologySpreadConstraint", List.of("maxSkew", "topologyKey", "whenUnsatisfiable")),
            Map.entry(CORE + "HostAlias", List.of("ip")),
            Map.entry(CORE + "PodReadinessGate", List.of("conditionType")),
            Map.entry(CORE + "PodSchedulingGate", List.of("name")),
            Map.entry(CORE + "Sysctl", List.of("name", "value")),
            Map.entry(CORE + "ContainerResizePolicy", List.of("resourceName", "restartPolicy")),
            Map.entry(CORE + "ResourceClaim", List.of("name")),
            Map.entry(CORE + "PodResourceClaim", List.of("name")),
            Map.entry(CORE + "PodOS", List.of("name")),
            Map.entry(CORE + "SeccompProfile", List.of("type")),
            Map.entry(CORE + "AppArmorProfile", List.of("type")),
            Map.entry(CORE + "ContainerStatus", List.of("name", "ready", "restartCount", "image", "imageID")),
            Map.entry(CORE + "ContainerStateTerminated", List.of("exitCode")),
            Map.entry(CORE + "PodCondition", List.of("type", "status")),
            Map.entry(CORE + "NodeCondition", List.of("type", "status")),
            Map.entry(CORE + "NamespaceCondition", List.of("type", "status")),
            Map.entry(CORE + "NodeAddress", List.of("type", "address")),
            Map.entry(CORE + "DaemonEndpoint", List.of("Port")),
            Map.entry(CORE + "AttachedVolume", List.of("name", "devicePath")),
            Map.entry(CORE + "NodeSystemInfo", List.of("machineID", "systemUUID", "bootID", "kernelVersion", "osImage",
                    "containerRuntimeVersion", "kubeletVersion", "kubeProxyVersion", "operatingSystem", "architecture")),
            Map.entry(CORE + "Taint", List.of("key", "effect")),
            Map.entry(CORE + "Event", List.of("metadata", "involvedObject")),
            Map.entry(CORE + "Binding", List.of("target")),
            Map.entry(CORE + "LocalObjectReference", List.of()),
            Map.entry(APPS + "DeploymentSpec", List.of("selector", "template")),
            Map.entry(APPS + "ReplicaSetSpec", List.of("selector")),
            Map.entry(APPS + "StatefulSetSpec", List.of("selector", "template")),
            Map.entry(APPS + "DeploymentCondition", List.of("type", "status")),
            Map.entry(APPS + "ReplicaSetCondition", List.of("type", "status")),
            Map.entry(APPS + "StatefulSetCondition", List.of("type", "status")),
            Map.entry(APPS + "ReplicaSetStatus", List.of("replicas")),
            Map.entry(APPS + "ControllerRevision", List.of("revision")),
            Map.entry("io.k8s.api.events.v1.Event", List.of("eventTime")),
            Map.entry("io.k8s.api.events.v1.EventSeries", List.of("count", "lastObservedTime")),
            Map.entry(CORE + "EventSeries", List.of()));

    private RequiredFields() {}

    /** Required JSON fields of a schema; list kinds require their items, as every upstream list does. */
    static List<String> of(String schemaName, boolean isList) {
        if (isList) return List.of("items");
        return BY_SCHEMA.getOrDefault(schemaName, List.of());
    }
}
