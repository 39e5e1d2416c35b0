package dev.beluga.api.resources;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every resource Beluga serves, with upstream's names, scopes, short names and verbs. */
public final class ResourceRegistry {
    private static final List<String> ALL_VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final List<String> NO_COLLECTION_DELETE = List.of("create", "delete", "get", "list", "patch", "update", "watch");

    public static final ResourceType NAMESPACES = new ResourceType("", "v1", "Namespace", "namespaces", "namespace", false,
            List.of("ns"), List.of(), NO_COLLECTION_DELETE, Set.of("status", "finalize"), Namespace.class);
    public static final ResourceType PODS = new ResourceType("", "v1", "Pod", "pods", "pod", true,
            List.of("po"), List.of("all"), ALL_VERBS, Set.of("status", "binding", "log", "exec", "attach", "ephemeralcontainers", "eviction"), Pod.class);
    public static final ResourceType NODES = new ResourceType("", "v1", "Node", "nodes", "node", false,
            List.of("no"), List.of(), ALL_VERBS, Set.of("status"), Node.class);
    public static final ResourceType EVENTS = new ResourceType("", "v1", "Event", "events", "event", true,
            List.of("ev"), List.of(), ALL_VERBS, Set.of(), Event.class);
    public static final ResourceType CONFIGMAPS = new ResourceType("", "v1", "ConfigMap", "configmaps", "configmap", true,
            List.of("cm"), List.of(), ALL_VERBS, Set.of(), ConfigMap.class);
    public static final ResourceType SECRETS = new ResourceType("", "v1", "Secret", "secrets", "secret", true,
            List.of(), List.of(), ALL_VERBS, Set.of(), Secret.class);
    public static final ResourceType SERVICEACCOUNTS = new ResourceType("", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", true,
            List.of("sa"), List.of(), ALL_VERBS, Set.of(), ServiceAccount.class);
    public static final ResourceType DEPLOYMENTS = new ResourceType("apps", "v1", "Deployment", "deployments", "deployment", true,
            List.of("deploy"), List.of("all"), ALL_VERBS, Set.of("status", "scale"), Deployment.class);
    public static final ResourceType REPLICASETS = new ResourceType("apps", "v1", "ReplicaSet", "replicasets", "replicaset", true,
            List.of("rs"), List.of("all"), ALL_VERBS, Set.of("status", "scale"), ReplicaSet.class);
    public static final ResourceType STATEFULSETS = new ResourceType("apps", "v1", "StatefulSet", "statefulsets", "statefulset", true,
            List.of("sts"), List.of("all"), ALL_VERBS, Set.of("status", "scale"), StatefulSet.class);
    public static final ResourceType CONTROLLERREVISIONS = new ResourceType("apps", "v1", "ControllerRevision", "controllerrevisions", "controllerrevision", true,
            List.of(), List.of(), ALL_VERBS, Set.of(), ControllerRevision.class);
    public static final ResourceType LEASES = new ResourceType("coordination.k8s.io", "v1", "Lease", "leases", "lease", true,
            List.of(), List.of(), ALL_VERBS, Set.of(), Lease.class);
    public static final ResourceType EVENTS_V1 = new ResourceType("events.k8s.io", "v1", "Event", "events", "event", true,
            List.of("ev"), List.of(), ALL_VERBS, Set.of(), io.fabric8.kubernetes.api.model.events.v1.Event.class);

    private static final List<ResourceType> ALL = List.of(NAMESPACES, PODS, NODES, EVENTS, CONFIGMAPS, SECRETS, SERVICEACCOUNTS,
            DEPLOYMENTS, REPLICASETS, STATEFULSETS, CONTROLLERREVISIONS, LEASES, EVENTS_V1);

    private final Map<String, ResourceType> byPath = new LinkedHashMap<>();
    private final Map<String, ResourceType> byKind = new LinkedHashMap<>();

    public ResourceRegistry() {
        for (ResourceType t : ALL) {
            byPath.put(t.group() + "/" + t.version() + "/" + t.resource(), t);
            byKind.put(t.apiVersion() + "/" + t.kind(), t);
        }
    }

    public List<ResourceType> all() {
        return ALL;
    }

    /** The resource served at /api[s]/{group}/{version}/{resource}. */
    public Optional<ResourceType> byResource(String group, String version, String resource) {
        return Optional.ofNullable(byPath.get(group + "/" + version + "/" + resource));
    }

    /** The resource of an object's apiVersion and kind. */
    public Optional<ResourceType> byKind(String apiVersion, String kind) {
        return Optional.ofNullable(byKind.get(apiVersion + "/" + kind));
    }

    public Optional<ResourceType> byClass(Class<? extends HasMetadata> type) {
        return ALL.stream().filter(t -> t.type() == type).findFirst();
    }

    /** Group → versions served, in discovery order (core first as ""). */
    public Map<String, List<String>> groupVersions() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ResourceType t : ALL) {
            out.computeIfAbsent(t.group(), g -> new java.util.ArrayList<>());
            if (!out.get(t.group()).contains(t.version())) out.get(t.group()).add(t.version());
        }
        return out;
    }

    public List<ResourceType> inGroupVersion(String group, String version) {
        return ALL.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    }
}
