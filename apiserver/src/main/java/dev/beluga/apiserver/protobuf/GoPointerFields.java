package dev.beluga.apiserver.protobuf;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Scalar fields that are pointers in upstream's Go types. Go's protobuf marshaller writes every
 * non-pointer scalar, zero or not, so on the wire "set" only means something for pointers: a pointer
 * set to zero ({@code replicas: 0}, {@code gracePeriodSeconds: 0}, {@code automountServiceAccountToken:
 * false}) must reach the JSON, while a zero non-pointer field is what the JSON form leaves out
 * ({@code omitempty}). Fields not listed here are treated as non-pointers.
 */
final class GoPointerFields {
    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final String CORE = "k8s.io.api.core.v1.";
    private static final String APPS = "k8s.io.api.apps.v1.";
    private static final String BATCH = "k8s.io.api.batch.v1.";

    private static final Map<String, Set<String>> BY_MESSAGE = Map.ofEntries(
            Map.entry(META + "ObjectMeta", Set.of("deletionGracePeriodSeconds")),
            Map.entry(META + "OwnerReference", Set.of("controller", "blockOwnerDeletion")),
            Map.entry(META + "ListMeta", Set.of("remainingItemCount")),
            Map.entry(META + "DeleteOptions", Set.of("gracePeriodSeconds", "orphanDependents", "propagationPolicy",
                    "ignoreStoreReadErrorWithClusterBreakingPotential")),
            Map.entry(META + "Preconditions", Set.of("uid", "resourceVersion")),

            Map.entry(CORE + "PodSpec", Set.of("terminationGracePeriodSeconds", "activeDeadlineSeconds",
                    "automountServiceAccountToken", "shareProcessNamespace", "priority", "runtimeClassName",
                    "enableServiceLinks", "preemptionPolicy", "setHostnameAsFQDN", "hostUsers", "hostnameOverride")),
            Map.entry(CORE + "PodSecurityContext", Set.of("runAsUser", "runAsGroup", "runAsNonRoot", "fsGroup",
                    "fsGroupChangePolicy", "supplementalGroupsPolicy", "seLinuxChangePolicy")),
            Map.entry(CORE + "SecurityContext", Set.of("privileged", "runAsUser", "runAsGroup", "runAsNonRoot",
                    "readOnlyRootFilesystem", "allowPrivilegeEscalation", "procMount")),
            Map.entry(CORE + "WindowsSecurityContextOptions", Set.of("gmsaCredentialSpecName", "gmsaCredentialSpec",
                    "runAsUserName", "hostProcess")),
            Map.entry(CORE + "SeccompProfile", Set.of("localhostProfile")),
            Map.entry(CORE + "AppArmorProfile", Set.of("localhostProfile")),
            Map.entry(CORE + "Container", Set.of("restartPolicy")),
            Map.entry(CORE + "EphemeralContainerCommon", Set.of("restartPolicy")),
            Map.entry(CORE + "Probe", Set.of("terminationGracePeriodSeconds")),
            Map.entry(CORE + "GRPCAction", Set.of("service")),
            Map.entry(CORE + "Lifecycle", Set.of("stopSignal")),
            Map.entry(CORE + "VolumeMount", Set.of("mountPropagation", "recursiveReadOnly")),
            Map.entry(CORE + "VolumeMountStatus", Set.of("recursiveReadOnly")),
            Map.entry(CORE + "ContainerStatus", Set.of("started", "stopSignal")),
            Map.entry(CORE + "ConfigMapVolumeSource", Set.of("defaultMode", "optional")),
            Map.entry(CORE + "SecretVolumeSource", Set.of("defaultMode", "optional")),
            Map.entry(CORE + "ProjectedVolumeSource", Set.of("defaultMode")),
            Map.entry(CORE + "DownwardAPIVolumeSource", Set.of("defaultMode")),
            Map.entry(CORE + "KeyToPath", Set.of("mode")),
            Map.entry(CORE + "DownwardAPIVolumeFile", Set.of("mode")),
            Map.entry(CORE + "ConfigMapProjection", Set.of("optional")),
            Map.entry(CORE + "SecretProjection", Set.of("optional")),
            Map.entry(CORE + "ConfigMapKeySelector", Set.of("optional")),
            Map.entry(CORE + "SecretKeySelector", Set.of("optional")),
            Map.entry(CORE + "ConfigMapEnvSource", Set.of("optional")),
            Map.entry(CORE + "SecretEnvSource", Set.of("optional")),
            Map.entry(CORE + "ServiceAccountTokenProjection", Set.of("expirationSeconds")),
            Map.entry(CORE + "ClusterTrustBundleProjection", Set.of("name", "signerName", "optional")),
            Map.entry(CORE + "CSIVolumeSource", Set.of("readOnly", "fsType")),
            Map.entry(CORE + "HostPathVolumeSource", Set.of("type")),
            Map.entry(CORE + "ISCSIVolumeSource", Set.of("initiatorName")),
            Map.entry(CORE + "ISCSIPersistentVolumeSource", Set.of("initiatorName")),
            Map.entry(CORE + "PersistentVolumeClaimSpec", Set.of("storageClassName", "volumeMode",
                    "volumeAttributesClassName")),
            Map.entry(CORE + "Toleration", Set.of("tolerationSeconds")),
            Map.entry(CORE + "TopologySpreadConstraint", Set.of("minDomains", "nodeAffinityPolicy", "nodeTaintsPolicy")),
            Map.entry(CORE + "PodDNSConfigOption", Set.of("value")),
            Map.entry(CORE + "PodResourceClaim", Set.of("resourceClaimName", "resourceClaimTemplateName")),
            Map.entry(CORE + "PodResourceClaimStatus", Set.of("resourceClaimName")),
            Map.entry(CORE + "ServiceAccount", Set.of("automountServiceAccountToken")),
            Map.entry(CORE + "Secret", Set.of("immutable")),
            Map.entry(CORE + "ConfigMap", Set.of("immutable")),
            Map.entry(CORE + "NodeFeatures", Set.of("supplementalGroupsPolicy")),
            Map.entry(CORE + "NodeRuntimeHandlerFeatures", Set.of("recursiveReadOnlyMounts", "userNamespaces")),
            Map.entry(CORE + "ServiceSpec", Set.of("ipFamilyPolicy", "allocateLoadBalancerNodePorts",
                    "loadBalancerClass", "internalTrafficPolicy", "trafficDistribution")),
            Map.entry(CORE + "ClientIPConfig", Set.of("timeoutSeconds")),
            Map.entry(CORE + "ServicePort", Set.of("appProtocol")),
            Map.entry(CORE + "LoadBalancerIngress", Set.of("ipMode")),

            Map.entry(APPS + "DeploymentSpec", Set.of("replicas", "revisionHistoryLimit", "progressDeadlineSeconds")),
            Map.entry(APPS + "DeploymentStatus", Set.of("collisionCount", "terminatingReplicas")),
            Map.entry(APPS + "ReplicaSetSpec", Set.of("replicas")),
            Map.entry(APPS + "ReplicaSetStatus", Set.of("terminatingReplicas")),
            Map.entry(APPS + "StatefulSetSpec", Set.of("replicas", "revisionHistoryLimit")),
            Map.entry(APPS + "StatefulSetStatus", Set.of("collisionCount")),
            Map.entry(APPS + "RollingUpdateStatefulSetStrategy", Set.of("partition")),
            Map.entry(APPS + "DaemonSetSpec", Set.of("revisionHistoryLimit")),
            Map.entry(APPS + "DaemonSetStatus", Set.of("collisionCount")),

            Map.entry(BATCH + "JobSpec", Set.of("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                    "backoffLimitPerIndex", "maxFailedIndexes", "ttlSecondsAfterFinished", "completionMode", "suspend",
                    "podReplacementPolicy", "managedBy", "manualSelector")),
            Map.entry(BATCH + "JobStatus", Set.of("ready", "terminating")),
            Map.entry(BATCH + "CronJobSpec", Set.of("timeZone", "startingDeadlineSeconds", "suspend",
                    "successfulJobsHistoryLimit", "failedJobsHistoryLimit")),
            Map.entry(BATCH + "PodFailurePolicyOnExitCodesRequirement", Set.of("containerName")),
            Map.entry(BATCH + "SuccessPolicyRule", Set.of("succeededIndexes", "succeededCount")),

            Map.entry("k8s.io.api.coordination.v1.LeaseSpec", Set.of("holderIdentity", "leaseDurationSeconds",
                    "leaseTransitions", "strategy", "preferredHolder")));

    private GoPointerFields() {}

    /** Every listed field as "message full name.field name". */
    static Set<String> qualifiedNames() {
        return BY_MESSAGE.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(name -> e.getKey() + "." + name))
                .collect(Collectors.toUnmodifiableSet());
    }

    static boolean isPointer(FieldDescriptor field) {
        return BY_MESSAGE.getOrDefault(field.getContainingType().getFullName(), Set.of()).contains(field.getName());
    }
}
