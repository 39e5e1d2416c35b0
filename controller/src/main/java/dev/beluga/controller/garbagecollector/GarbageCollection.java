package dev.beluga.controller.garbagecollector;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The garbage collector's decision for one object, as upstream's attemptToDeleteItem,
 * processDeletingDependentsItem and attemptToOrphan make it, without I/O: the loop looks up the
 * owners' states and the dependents and applies the actions.
 *
 * <ul>
 *   <li>An object being deleted with the {@code orphan} finalizer: its dependents lose their
 *       reference to it, then the finalizer goes.</li>
 *   <li>An object being deleted with the {@code foregroundDeletion} finalizer: its dependents are
 *       looked at again (they see an owner waiting for them and delete themselves); once none that
 *       blocks owner deletion is left, the finalizer goes.</li>
 *   <li>Any other object being deleted is not the collector's business.</li>
 *   <li>An object with a live owner ("solid") stays; references to gone owners or to owners
 *       waiting for their dependents are dropped.</li>
 *   <li>An object whose owners are all gone or waiting goes: in the foreground when an owner waits
 *       and the object has dependents of its own (so the wait covers the whole chain), otherwise as
 *       its own finalizers ask (background by default).</li>
 * </ul>
 */
public final class GarbageCollection {
    public static final String ORPHAN_FINALIZER = "orphan";
    public static final String FOREGROUND_FINALIZER = "foregroundDeletion";

    /** What an owner reference points at, as far as the collector could tell. */
    public enum OwnerState {
        /** Exists with the referenced uid and is not deleting its dependents. */
        SOLID,
        /** Gone, or its name now belongs to another object (another uid). */
        DANGLING,
        /** Exists and is being deleted in the foreground: it waits for its dependents. */
        DELETING_DEPENDENTS,
        /** The reference cannot be followed (a kind the cluster does not serve, a cluster-scoped object naming a namespaced owner). */
        UNRESOLVABLE
    }

    public record Owner(OwnerReference reference, OwnerState state) {}

    /**
     * One object that names the decided-on object as an owner.
     *
     * @param blocksOwner        its reference to the owner has blockOwnerDeletion=true
     * @param deletingDependents it is itself being deleted in the foreground
     * @param beingDeleted       it has a deletionTimestamp
     */
    public record Dependent(ObjectIdentity identity, boolean blocksOwner, boolean deletingDependents, boolean beingDeleted) {}

    /** The object, its owners' states (in its ownerReferences order) and its dependents. */
    public record Item(HasMetadata object, List<Owner> owners, List<Dependent> dependents) {}

    private GarbageCollection() {}

    /** Whether {@link #decide} looks at the owners: only for objects not being deleted that have some. */
    public static boolean ownersMatter(HasMetadata object) {
        ObjectMeta m = object.getMetadata();
        return m.getDeletionTimestamp() == null && m.getOwnerReferences() != null && !m.getOwnerReferences().isEmpty();
    }

    public static List<GcAction> decide(Item item) {
        ObjectMeta meta = item.object().getMetadata();
        List<String> finalizers = meta.getFinalizers() == null ? List.of() : meta.getFinalizers();
        if (meta.getDeletionTimestamp() != null) return beingDeleted(finalizers, item.dependents());
        if (meta.getOwnerReferences() == null || meta.getOwnerReferences().isEmpty()) return List.of();
        if (item.owners().stream().anyMatch(o -> o.state() == OwnerState.UNRESOLVABLE)) return List.of();

        boolean solid = item.owners().stream().anyMatch(o -> o.state() == OwnerState.SOLID);
        Set<String> dropped = new LinkedHashSet<>();
        boolean waiting = false;
        for (Owner o : item.owners()) {
            if (o.state() == OwnerState.DANGLING) dropped.add(o.reference().getUid());
            if (o.state() == OwnerState.DELETING_DEPENDENTS) {
                dropped.add(o.reference().getUid());
                waiting = true;
            }
        }
        if (solid) return dropped.isEmpty() ? List.of() : List.of(new GcAction.RemoveOwnerReferences(dropped));
        if (waiting && !item.dependents().isEmpty()) {
            List<GcAction> actions = new ArrayList<>();
            // A dependent that itself waits for its dependents while this object would block on it: a possible cycle.
            if (item.dependents().stream().anyMatch(Dependent::deletingDependents) && blocksAnyOwner(meta)) {
                actions.add(new GcAction.UnblockOwnerReferences());
            }
            actions.add(new GcAction.Delete(GcAction.Propagation.FOREGROUND));
            return actions;
        }
        GcAction.Propagation propagation = finalizers.contains(ORPHAN_FINALIZER) ? GcAction.Propagation.ORPHAN
                : finalizers.contains(FOREGROUND_FINALIZER) ? GcAction.Propagation.FOREGROUND
                : GcAction.Propagation.BACKGROUND;
        return List.of(new GcAction.Delete(propagation));
    }

    private static List<GcAction> beingDeleted(List<String> finalizers, List<Dependent> dependents) {
        if (finalizers.contains(ORPHAN_FINALIZER)) {
            List<GcAction> actions = new ArrayList<>();
            if (!dependents.isEmpty()) actions.add(new GcAction.OrphanDependents(dependents.stream().map(Dependent::identity).toList()));
            actions.add(new GcAction.RemoveFinalizer(ORPHAN_FINALIZER));
            return actions;
        }
        if (finalizers.contains(FOREGROUND_FINALIZER)) {
            List<GcAction> actions = new ArrayList<>();
            List<ObjectIdentity> undecided = dependents.stream()
                    .filter(d -> !d.beingDeleted())
                    .map(Dependent::identity)
                    .toList();
            if (!undecided.isEmpty()) actions.add(new GcAction.Revisit(undecided));
            if (dependents.stream().noneMatch(Dependent::blocksOwner)) actions.add(new GcAction.RemoveFinalizer(FOREGROUND_FINALIZER));
            return actions;
        }
        return List.of();
    }

    private static boolean blocksAnyOwner(ObjectMeta meta) {
        return meta.getOwnerReferences().stream().anyMatch(r -> Boolean.TRUE.equals(r.getBlockOwnerDeletion()));
    }

    /** Being deleted in the foreground: deletionTimestamp set and the foregroundDeletion finalizer present. */
    public static boolean deletingDependents(HasMetadata object) {
        ObjectMeta m = object.getMetadata();
        return m.getDeletionTimestamp() != null && m.getFinalizers() != null && m.getFinalizers().contains(FOREGROUND_FINALIZER);
    }

    /** Being deleted with one of the collector's finalizers: the collector has work to finish on it. */
    public static boolean awaitsCollector(HasMetadata object) {
        ObjectMeta m = object.getMetadata();
        return m.getDeletionTimestamp() != null && m.getFinalizers() != null
                && (m.getFinalizers().contains(FOREGROUND_FINALIZER) || m.getFinalizers().contains(ORPHAN_FINALIZER));
    }
}
