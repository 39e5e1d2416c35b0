package dev.beluga.controller.garbagecollector;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.informer.SharedInformer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's dependency graph, read off the informers' caches: every watched kind is indexed by the
 * uids its objects name as owners, so an owner's dependents are an index lookup, and an owner is a
 * cache lookup by name verified by uid. A cache can lag (the pod informer may see a new pod before
 * the ReplicaSet informer sees its owner), so an owner the cache does not show is confirmed with a
 * live GET before anything is deleted; uids confirmed gone are remembered, as upstream's
 * absentOwnerCache does.
 */
final class OwnershipGraph {
    static final String OWNER_UID_INDEX = "garbagecollector/owner-uid";
    private static final int ABSENT_REMEMBERED = 4096;

    private final Client client;
    private final Map<Kind<? extends HasMetadata>, SharedInformer<? extends HasMetadata>> informers;
    private final Map<String, Boolean> absentOwners = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ABSENT_REMEMBERED;
        }
    });

    OwnershipGraph(Client client, Map<Kind<? extends HasMetadata>, SharedInformer<? extends HasMetadata>> informers) {
        this.client = client;
        this.informers = informers;
    }

    static List<String> ownerUids(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) return List.of();
        List<String> uids = new ArrayList<>(refs.size());
        for (OwnerReference r : refs) if (r.getUid() != null) uids.add(r.getUid());
        return uids;
    }

    /** The object this identity names, from the cache, when the cache holds that incarnation. */
    Optional<HasMetadata> cached(ObjectIdentity id) {
        SharedInformer<? extends HasMetadata> informer = informers.get(id.kind());
        if (informer == null) return Optional.empty();
        return informer.lister().get(id.namespace(), id.name())
                .filter(o -> id.uid().isEmpty() || id.uid().equals(o.getMetadata().getUid()))
                .map(o -> (HasMetadata) o);
    }

    /** The object as the API has it now, when it is still that incarnation. */
    Optional<HasMetadata> live(ObjectIdentity id) {
        return client.get(id.kind(), id.namespace(), id.name())
                .filter(o -> id.uid().isEmpty() || id.uid().equals(o.getMetadata().getUid()))
                .map(o -> (HasMetadata) o);
    }

    /** Where an ownerReference of {@code dependent} points, when it can be followed. */
    Optional<ObjectIdentity> ownerOf(HasMetadata dependent, OwnerReference ref) {
        Optional<Kind<? extends HasMetadata>> kind = ServedKinds.byApiVersionAndKind(ref.getApiVersion(), ref.getKind());
        if (kind.isEmpty() || ref.getName() == null || ref.getName().isEmpty()) return Optional.empty();
        String dependentNamespace = dependent.getMetadata().getNamespace() == null ? "" : dependent.getMetadata().getNamespace();
        if (kind.get().namespaced() && dependentNamespace.isEmpty()) return Optional.empty();
        return Optional.of(new ObjectIdentity(kind.get(), kind.get().namespaced() ? dependentNamespace : "", ref.getName(), ref.getUid()));
    }

    GarbageCollection.OwnerState stateOf(HasMetadata dependent, OwnerReference ref) {
        Optional<ObjectIdentity> owner = ownerOf(dependent, ref);
        if (owner.isEmpty()) return GarbageCollection.OwnerState.UNRESOLVABLE;
        ObjectIdentity id = owner.get();
        String absentKey = id.namespace() + "/" + id.uid();
        if (absentOwners.containsKey(absentKey)) return GarbageCollection.OwnerState.DANGLING;
        Optional<HasMetadata> found = cached(id);
        if (found.isEmpty()) found = live(id);
        if (found.isEmpty()) {
            absentOwners.put(absentKey, Boolean.TRUE);
            return GarbageCollection.OwnerState.DANGLING;
        }
        return GarbageCollection.deletingDependents(found.get())
                ? GarbageCollection.OwnerState.DELETING_DEPENDENTS
                : GarbageCollection.OwnerState.SOLID;
    }

    /**
     * The watched objects naming {@code owner} (by uid) as an owner: in its namespace when it is
     * namespaced, anywhere when it is cluster-scoped (a Node owns Leases in kube-node-lease).
     */
    List<GarbageCollection.Dependent> dependentsOf(ObjectIdentity owner) {
        List<GarbageCollection.Dependent> out = new ArrayList<>();
        for (Map.Entry<Kind<? extends HasMetadata>, SharedInformer<? extends HasMetadata>> e : informers.entrySet()) {
            for (HasMetadata d : e.getValue().lister().byIndex(OWNER_UID_INDEX, owner.uid())) {
                String ns = d.getMetadata().getNamespace() == null ? "" : d.getMetadata().getNamespace();
                if (owner.kind().namespaced() && !ns.equals(owner.namespace())) continue;
                boolean blocks = d.getMetadata().getOwnerReferences().stream()
                        .anyMatch(r -> owner.uid().equals(r.getUid()) && Boolean.TRUE.equals(r.getBlockOwnerDeletion()));
                out.add(new GarbageCollection.Dependent(ObjectIdentity.of(e.getKey(), d), blocks,
                        GarbageCollection.deletingDependents(d), d.getMetadata().getDeletionTimestamp() != null));
            }
        }
        return out;
    }
}
