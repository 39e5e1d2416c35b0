package dev.beluga.controller;

import dev.beluga.client.informer.ResourceHandler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns a dependent's informer events into owners to look again (upstream's addPod, updatePod and
 * deletePod of the ReplicaSet controller, and their likes for ReplicaSets under Deployments and pods
 * under StatefulSets): the owner its controller reference names, the previous one too when that
 * reference changed, and for an orphan every owner whose selector would adopt it.
 */
public final class DependentEvents<O extends HasMetadata, D extends HasMetadata> implements ResourceHandler<D> {
    /** What a controller notes about its own dependents (its expectations), each time before the owner is enqueued. */
    public interface Observer<O, D> {
        /** A dependent of {@code owner} appeared. */
        default void added(O owner, D dependent) {}

        /** A dependent {@code owner} controls changed. */
        default void updated(O owner, D previous, D current) {}

        /** A dependent of {@code owner} is gone, or marked for deletion. */
        default void deleted(O owner, D dependent) {}
    }

    private final OwnerLookup<O> owners;
    private final Consumer<O> enqueue;
    private final Observer<O, D> observer;
    private final boolean deletingIsDeleted;

    private DependentEvents(OwnerLookup<O> owners, Consumer<O> enqueue, Observer<O, D> observer, boolean deletingIsDeleted) {
        this.owners = owners;
        this.enqueue = enqueue;
        this.observer = observer;
        this.deletingIsDeleted = deletingIsDeleted;
    }

    /** Enqueues the owners a change concerns, nothing more. */
    public static <O extends HasMetadata, D extends HasMetadata> DependentEvents<O, D> enqueueing(OwnerLookup<O> owners, Consumer<O> enqueue) {
        return new DependentEvents<>(owners, enqueue, new Observer<>() {}, false);
    }

    /**
     * For a controller that counts its dependents with expectations: {@code observer} hears of each
     * change first, and a dependent marked for deletion counts as deleted at once (upstream's
     * updatePod), so the owner need not wait out its grace period to replace it.
     */
    public static <O extends HasMetadata, D extends HasMetadata> DependentEvents<O, D> observed(OwnerLookup<O> owners, Consumer<O> enqueue,
                                                                                                Observer<O, D> observer) {
        return new DependentEvents<>(owners, enqueue, observer, true);
    }

    @Override
    public void onAdd(D dependent) {
        if (dependent.getMetadata().getDeletionTimestamp() != null) {
            // Already on its way out (seen first after a restart): a deletion, never a creation.
            onDelete(dependent);
            return;
        }
        if (ControllerRefs.controllerOf(dependent).isPresent()) {
            owners.controllerOf(dependent).ifPresent(owner -> {
                observer.added(owner, dependent);
                enqueue.accept(owner);
            });
            return;
        }
        owners.selecting(dependent).forEach(enqueue);
    }

    @Override
    public void onUpdate(D previous, D current) {
        if (Objects.equals(previous.getMetadata().getResourceVersion(), current.getMetadata().getResourceVersion())) return;
        boolean labelsChanged = !ControllerRefs.labelsOf(previous).equals(ControllerRefs.labelsOf(current));
        if (deletingIsDeleted && current.getMetadata().getDeletionTimestamp() != null) {
            onDelete(current);
            // Relabelled as it went: whoever it belonged to before must count it gone too.
            if (labelsChanged) onDelete(previous);
            return;
        }
        Optional<OwnerReference> currentRef = ControllerRefs.controllerOf(current);
        Optional<OwnerReference> previousRef = ControllerRefs.controllerOf(previous);
        boolean refChanged = !Objects.equals(currentRef.map(OwnerReference::getUid), previousRef.map(OwnerReference::getUid));
        if (refChanged && previousRef.isPresent()) owners.controllerOf(previous).ifPresent(enqueue);
        if (currentRef.isPresent()) {
            owners.controllerOf(current).ifPresent(owner -> {
                observer.updated(owner, previous, current);
                enqueue.accept(owner);
            });
            return;
        }
        if (labelsChanged || refChanged) owners.selecting(current).forEach(enqueue);
    }

    @Override
    public void onDelete(D lastKnown) {
        owners.controllerOf(lastKnown).ifPresent(owner -> {
            observer.deleted(owner, lastKnown);
            enqueue.accept(owner);
        });
    }
}
