package dev.beluga.controller.garbagecollector;

import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import dev.beluga.client.Kind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every kind the cluster serves, as the Client addresses it: what the garbage collector follows
 * ownerReferences across and what the namespace controller empties a namespace of. Derived from the
 * resource registry, so a newly served resource is covered without a change here.
 * events.k8s.io/v1 Events are left out: they are the same objects as core/v1 Events.
 */
public final class ServedKinds {
    private static final ResourceRegistry RESOURCES = new ResourceRegistry();
    private static final List<Kind<? extends HasMetadata>> CONSTANTS = List.of(Kind.NAMESPACES, Kind.PODS, Kind.NODES, Kind.EVENTS,
            Kind.CONFIGMAPS, Kind.SECRETS, Kind.SERVICEACCOUNTS, Kind.DEPLOYMENTS, Kind.REPLICASETS, Kind.STATEFULSETS,
            Kind.CONTROLLERREVISIONS, Kind.LEASES);
    private static final List<Kind<? extends HasMetadata>> ALL = build();

    private ServedKinds() {}

    private static List<Kind<? extends HasMetadata>> build() {
        List<Kind<? extends HasMetadata>> out = new ArrayList<>();
        for (ResourceType type : RESOURCES.all()) {
            if (type == ResourceRegistry.EVENTS_V1) continue;
            out.add(kindOf(type));
        }
        return List.copyOf(out);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Kind<? extends HasMetadata> kindOf(ResourceType type) {
        for (Kind<? extends HasMetadata> k : CONSTANTS) {
            if (k.type().equals(type)) return k;
        }
        return new Kind(type, type.type());
    }

    public static List<Kind<? extends HasMetadata>> all() {
        return ALL;
    }

    public static List<Kind<? extends HasMetadata>> namespaced() {
        return ALL.stream().filter(Kind::namespaced).toList();
    }

    /** The kind an ownerReference (apiVersion, kind) names, when the cluster serves it. */
    public static Optional<Kind<? extends HasMetadata>> byApiVersionAndKind(String apiVersion, String kind) {
        return RESOURCES.byKind(apiVersion == null ? "" : apiVersion, kind == null ? "" : kind)
                .filter(t -> t != ResourceRegistry.EVENTS_V1)
                .map(ServedKinds::kindOf);
    }
}
