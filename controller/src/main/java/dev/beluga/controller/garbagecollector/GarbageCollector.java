package dev.beluga.controller.garbagecollector;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.Patch;
import dev.beluga.client.control.ReconcileLoop;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.client.informer.SharedInformer;
import dev.beluga.client.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's garbage collector over ownerReferences, for every kind the cluster serves except
 * Events: dependents whose owners are all gone are deleted; owners deleted with propagationPolicy
 * Foreground (the {@code foregroundDeletion} finalizer) lose the finalizer once their blocking
 * dependents are gone, their dependents deleted first; owners deleted with Orphan (the
 * {@code orphan} finalizer) lose the finalizer once no dependent references them.
 *
 * <p>The decisions are {@link GarbageCollection#decide}; this class keeps a queue of objects to look
 * at (fed by informer events), looks up owners and dependents ({@link OwnershipGraph}) and applies
 * the actions through the Client, each write preconditioned on the uid (and the resourceVersion the
 * decision saw) so a stale cache never deletes the wrong object.
 */
public final class GarbageCollector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);
    private static final int WORKERS = 8;

    private final Client client;
    private final EventRecorder events;
    private final Map<Kind<? extends HasMetadata>, SharedInformer<? extends HasMetadata>> informers;
    private final OwnershipGraph graph;
    private final WorkQueue<ObjectIdentity> queue = WorkQueue.withDefaultBackoff("garbagecollector");
    private final Thread starter;
    private volatile ReconcileLoop<ObjectIdentity> loop;
    private volatile boolean closed;

    private GarbageCollector(Client client, EventRecorder events, Map<Kind<? extends HasMetadata>, SharedInformer<? extends HasMetadata>> informers) {
        this.client = client;
        this.events = events;
        this.informers = informers;
        this.graph = new OwnershipGraph(client, informers);
        this.starter = Thread.ofVirtual().name("garbagecollector-start").unstarted(this::startWhenSynced);
    }

    /**
     * Registers on the factory's shared informers of every served kind (except Events) and starts
     * collecting once they have listed. The factory is started by the caller (before or after).
     */
    public static GarbageCollector start(Client client, InformerFactory informers, EventRecorder events) {
        Map<Kind<? extends HasMetadata>, SharedInformer<? extends HasMetadata>> watched = new LinkedHashMap<>();
        for (Kind<? extends HasMetadata> kind : ServedKinds.all()) {
            // Events are many, short-lived and never owners in practice; upstream watches them, Beluga does not.
            if (kind.equals(Kind.EVENTS)) continue;
            watched.put(kind, informers.informer(kind));
        }
        GarbageCollector gc = new GarbageCollector(client, events, watched);
        for (Map.Entry<Kind<? extends HasMetadata>, SharedInformer<? extends HasMetadata>> e : watched.entrySet()) {
            gc.watch(e.getKey(), e.getValue());
        }
        gc.starter.start();
        return gc;
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> void watch(Kind<? extends HasMetadata> kind, SharedInformer<T> informer) {
        informer.addIndex(OwnershipGraph.OWNER_UID_INDEX, OwnershipGraph::ownerUids);
        informer.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(T object) {
                if (interesting(object)) queue.add(ObjectIdentity.of(kind, object));
            }

            @Override
            public void onUpdate(T previous, T current) {
                boolean referencesChanged = !Objects.equals(previous.getMetadata().getOwnerReferences(), current.getMetadata().getOwnerReferences());
                boolean deletionChanged = !Objects.equals(previous.getMetadata().getDeletionTimestamp(), current.getMetadata().getDeletionTimestamp())
                        || !Objects.equals(previous.getMetadata().getFinalizers(), current.getMetadata().getFinalizers());
                if ((referencesChanged || deletionChanged) && interesting(current)) queue.add(ObjectIdentity.of(kind, current));
                // An owner waiting in the foreground may have been waiting for exactly this reference.
                if (referencesChanged || deletionChanged) revisitWaitingOwners(previous);
            }

            @Override
            public void onDelete(T lastKnown) {
                ObjectIdentity gone = ObjectIdentity.of(kind, lastKnown);
                for (GarbageCollection.Dependent d : graph.dependentsOf(gone)) queue.add(d.identity());
                revisitWaitingOwners(lastKnown);
            }
        });
    }

    private static boolean interesting(HasMetadata object) {
        return GarbageCollection.ownersMatter(object) || GarbageCollection.awaitsCollector(object);
    }

    private void revisitWaitingOwners(HasMetadata dependent) {
        List<OwnerReference> refs = dependent.getMetadata().getOwnerReferences();
        if (refs == null) return;
        for (OwnerReference ref : refs) {
            graph.ownerOf(dependent, ref).ifPresent(owner -> graph.cached(owner)
                    .filter(GarbageCollection::awaitsCollector)
                    .ifPresent(o -> queue.add(owner)));
        }
    }

    private void startWhenSynced() {
        while (!closed && !informers.values().stream().allMatch(SharedInformer::hasSynced)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (closed) return;
        loop = ReconcileLoop.start("garbagecollector", queue, WORKERS, this::reconcile);
        log.info("garbage collector started over {} kinds", informers.size());
    }

    // ---------------------------------------------------------------- one object

    private void reconcile(ObjectIdentity id) {
        Optional<HasMetadata> cached = graph.cached(id);
        if (cached.isEmpty()) return;
        HasMetadata object = cached.get();
        List<GarbageCollection.Owner> owners = new ArrayList<>();
        if (GarbageCollection.ownersMatter(object)) {
            for (OwnerReference ref : object.getMetadata().getOwnerReferences()) {
                GarbageCollection.OwnerState state = graph.stateOf(object, ref);
                if (state == GarbageCollection.OwnerState.UNRESOLVABLE) unresolvable(object, ref);
                owners.add(new GarbageCollection.Owner(ref, state));
            }
        }
        List<GarbageCollection.Dependent> dependents = graph.dependentsOf(id);
        for (GcAction action : GarbageCollection.decide(new GarbageCollection.Item(object, owners, dependents))) {
            if (!apply(id, object, action)) return;
        }
    }

    private void unresolvable(HasMetadata object, OwnerReference ref) {
        boolean clusterScoped = object.getMetadata().getNamespace() == null || object.getMetadata().getNamespace().isEmpty();
        Optional<Kind<? extends HasMetadata>> kind = ServedKinds.byApiVersionAndKind(ref.getApiVersion(), ref.getKind());
        if (clusterScoped && kind.isPresent() && kind.get().namespaced()) {
            events.warning(object, "OwnerRefInvalidNamespace", "ownerRef [" + ref.getApiVersion() + "/" + ref.getKind() + ", namespace: , name: "
                    + ref.getName() + ", uid: " + ref.getUid() + "] does not exist in namespace \"\"");
        } else {
            log.debug("{}: ownerReference to {} {} cannot be followed: the cluster does not serve that kind",
                    object.getMetadata().getName(), ref.getApiVersion(), ref.getKind());
        }
    }

    /** Applies one action; false when the object turned out to be gone (nothing more to do). */
    private boolean apply(ObjectIdentity id, HasMetadata object, GcAction action) {
        try {
            switch (action) {
                case GcAction.Delete d -> delete(id, object, d.propagation());
                case GcAction.RemoveOwnerReferences r -> patchOwnerReferences(id, object, r.ownerUids().stream().toList(), false);
                case GcAction.UnblockOwnerReferences u -> patchOwnerReferences(id, object, List.of(), true);
                case GcAction.RemoveFinalizer f -> removeFinalizer(id, object, f.finalizer());
                case GcAction.OrphanDependents o -> {
                    for (ObjectIdentity dependent : o.dependents()) orphan(dependent, id.uid());
                }
                case GcAction.Revisit r -> r.objects().forEach(queue::add);
            }
            return true;
        } catch (StatusException e) {
            if (e.code() == 404) return false;
            throw e;
        }
    }

    private void delete(ObjectIdentity id, HasMetadata object, GcAction.Propagation propagation) {
        log.debug("deleting {} ({})", id, propagation.policy());
        try {
            client.delete(id.kind(), id.namespace(), id.name(), deleteOptions(id.uid(), object.getMetadata().getResourceVersion(), propagation));
        } catch (StatusException e) {
            if (e.code() != 409) throw e;
            // Changed since the decision: delete anyway if its ownerReferences (what the decision rests on) did not.
            HasMetadata latest = graph.live(id).orElseThrow(() -> e);
            if (!Objects.equals(latest.getMetadata().getOwnerReferences(), object.getMetadata().getOwnerReferences())) throw e;
            client.delete(id.kind(), id.namespace(), id.name(), deleteOptions(id.uid(), null, propagation));
        }
    }

    private static DeleteOptions deleteOptions(String uid, String resourceVersion, GcAction.Propagation propagation) {
        return new DeleteOptionsBuilder()
                .withPropagationPolicy(propagation.policy())
                .withNewPreconditions().withUid(uid).withResourceVersion(resourceVersion).endPreconditions()
                .build();
    }

    /** Drops references to {@code dropUids} (or unblocks all), as a merge patch conditioned on the resourceVersion seen. */
    private void patchOwnerReferences(ObjectIdentity id, HasMetadata object, List<String> dropUids, boolean unblock) {
        ArrayNode refs = Json.MAPPER.createArrayNode();
        for (OwnerReference r : object.getMetadata().getOwnerReferences()) {
            if (dropUids.contains(r.getUid())) continue;
            ObjectNode ref = Json.MAPPER.valueToTree(r);
            if (unblock && Boolean.TRUE.equals(r.getBlockOwnerDeletion())) ref.put("blockOwnerDeletion", false);
            refs.add(ref);
        }
        ObjectNode metadata = preconditionedMetadata(object);
        metadata.set("ownerReferences", refs);
        client.patch(id.kind(), id.namespace(), id.name(), Patch.merge(wrap(metadata)));
    }

    private void removeFinalizer(ObjectIdentity id, HasMetadata object, String finalizer) {
        List<String> finalizers = object.getMetadata().getFinalizers() == null ? List.of() : object.getMetadata().getFinalizers();
        if (!finalizers.contains(finalizer)) return;
        ArrayNode rest = Json.MAPPER.createArrayNode();
        for (String f : finalizers) if (!f.equals(finalizer)) rest.add(f);
        ObjectNode metadata = preconditionedMetadata(object);
        metadata.set("finalizers", rest);
        client.patch(id.kind(), id.namespace(), id.name(), Patch.merge(wrap(metadata)));
        log.debug("removed finalizer {} from {}", finalizer, id);
    }

    /** Removes the reference to {@code ownerUid} from a dependent: a strategic merge delete by uid, as upstream's orphaning. */
    private void orphan(ObjectIdentity dependent, String ownerUid) {
        ObjectNode ref = Json.MAPPER.createObjectNode();
        ref.put("$patch", "delete");
        ref.put("uid", ownerUid);
        ObjectNode metadata = Json.MAPPER.createObjectNode();
        metadata.putArray("ownerReferences").add(ref);
        metadata.put("uid", dependent.uid());
        try {
            client.patch(dependent.kind(), dependent.namespace(), dependent.name(), Patch.strategic(wrap(metadata)));
        } catch (StatusException e) {
            if (e.code() != 404) throw e;
        }
    }

    private static ObjectNode preconditionedMetadata(HasMetadata object) {
        ObjectNode metadata = Json.MAPPER.createObjectNode();
        metadata.put("uid", object.getMetadata().getUid());
        metadata.put("resourceVersion", object.getMetadata().getResourceVersion());
        return metadata;
    }

    private static String wrap(ObjectNode metadata) {
        ObjectNode patch = Json.MAPPER.createObjectNode();
        patch.set("metadata", metadata);
        return patch.toString();
    }

    /** Waits until the collector works (its informers listed); false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (loop == null) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(10);
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        starter.interrupt();
        ReconcileLoop<ObjectIdentity> l = loop;
        if (l != null) l.close();
        queue.close();
    }
}
