package dev.beluga.client;

import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;

/**
 * A resource as a client addresses it: where it lives in the API ({@link ResourceType}) and the
 * fabric8 model class its objects decode to.
 */
public record Kind<T extends HasMetadata>(ResourceType type, Class<T> javaClass) {
    public static final Kind<Namespace> NAMESPACES = new Kind<>(ResourceRegistry.NAMESPACES, Namespace.class);
    public static final Kind<Pod> PODS = new Kind<>(ResourceRegistry.PODS, Pod.class);
    public static final Kind<Node> NODES = new Kind<>(ResourceRegistry.NODES, Node.class);
    public static final Kind<Event> EVENTS = new Kind<>(ResourceRegistry.EVENTS, Event.class);
    public static final Kind<ConfigMap> CONFIGMAPS = new Kind<>(ResourceRegistry.CONFIGMAPS, ConfigMap.class);
    public static final Kind<Secret> SECRETS = new Kind<>(ResourceRegistry.SECRETS, Secret.class);
    public static final Kind<ServiceAccount> SERVICEACCOUNTS = new Kind<>(ResourceRegistry.SERVICEACCOUNTS, ServiceAccount.class);
    public static final Kind<Deployment> DEPLOYMENTS = new Kind<>(ResourceRegistry.DEPLOYMENTS, Deployment.class);
    public static final Kind<ReplicaSet> REPLICASETS = new Kind<>(ResourceRegistry.REPLICASETS, ReplicaSet.class);
    public static final Kind<StatefulSet> STATEFULSETS = new Kind<>(ResourceRegistry.STATEFULSETS, StatefulSet.class);
    public static final Kind<ControllerRevision> CONTROLLERREVISIONS = new Kind<>(ResourceRegistry.CONTROLLERREVISIONS, ControllerRevision.class);
    public static final Kind<Lease> LEASES = new Kind<>(ResourceRegistry.LEASES, Lease.class);

    public boolean namespaced() {
        return type.namespaced();
    }

    @Override
    public String toString() {
        return type.qualifiedResource();
    }
}
