package dev.beluga.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Coordination;
import io.kubernetes.client.proto.V1Events;
import io.kubernetes.client.proto.V1Policy;
import java.util.Map;
import java.util.Optional;

/** Which generated message type holds the object of an envelope's apiVersion and kind. */
final class ProtobufKinds {
    private static final Map<String, Descriptor> BY_VERSION_AND_KIND = Map.ofEntries(
            Map.entry(key("v1", "Namespace"), V1.Namespace.getDescriptor()),
            Map.entry(key("v1", "Pod"), V1.Pod.getDescriptor()),
            Map.entry(key("v1", "Node"), V1.Node.getDescriptor()),
            Map.entry(key("v1", "Event"), V1.Event.getDescriptor()),
            Map.entry(key("v1", "ConfigMap"), V1.ConfigMap.getDescriptor()),
            Map.entry(key("v1", "Secret"), V1.Secret.getDescriptor()),
            Map.entry(key("v1", "ServiceAccount"), V1.ServiceAccount.getDescriptor()),
            Map.entry(key("v1", "Service"), V1.Service.getDescriptor()),
            Map.entry(key("v1", "Binding"), V1.Binding.getDescriptor()),
            Map.entry(key("apps/v1", "Deployment"), V1Apps.Deployment.getDescriptor()),
            Map.entry(key("apps/v1", "ReplicaSet"), V1Apps.ReplicaSet.getDescriptor()),
            Map.entry(key("apps/v1", "StatefulSet"), V1Apps.StatefulSet.getDescriptor()),
            Map.entry(key("apps/v1", "DaemonSet"), V1Apps.DaemonSet.getDescriptor()),
            Map.entry(key("apps/v1", "ControllerRevision"), V1Apps.ControllerRevision.getDescriptor()),
            Map.entry(key("batch/v1", "Job"), V1Batch.Job.getDescriptor()),
            Map.entry(key("batch/v1", "CronJob"), V1Batch.CronJob.getDescriptor()),
            Map.entry(key("coordination.k8s.io/v1", "Lease"), V1Coordination.Lease.getDescriptor()),
            Map.entry(key("events.k8s.io/v1", "Event"), V1Events.Event.getDescriptor()),
            Map.entry(key("autoscaling/v1", "Scale"), V1Autoscaling.Scale.getDescriptor()),
            Map.entry(key("policy/v1", "Eviction"), V1Policy.Eviction.getDescriptor()));

    private ProtobufKinds() {}

    /**
     * DeleteOptions is registered in every group version (metav1.AddToGroupVersion), so a client may
     * label it with meta.k8s.io/v1, v1 or the version of the resource it deletes; the message is the same.
     */
    static Optional<Descriptor> messageTypeFor(String apiVersion, String kind) {
        if (kind.equals("DeleteOptions") && !apiVersion.isEmpty()) {
            return Optional.of(Meta.DeleteOptions.getDescriptor());
        }
        return Optional.ofNullable(BY_VERSION_AND_KIND.get(key(apiVersion, kind)));
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + "\u0000" + kind;
    }
}
