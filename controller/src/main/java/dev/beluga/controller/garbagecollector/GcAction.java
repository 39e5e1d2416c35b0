package dev.beluga.controller.garbagecollector;

import java.util.List;
import java.util.Set;

/** One step the garbage collector takes on the object it is looking at (or its dependents). */
public sealed interface GcAction {

    /** Upstream's propagation policies, as DeleteOptions spells them. */
    enum Propagation {
        BACKGROUND("Background"), FOREGROUND("Foreground"), ORPHAN("Orphan");

        private final String policy;

        Propagation(String policy) {
            this.policy = policy;
        }

        public String policy() {
            return policy;
        }
    }

    /** Delete the object (preconditioned on its uid and the resourceVersion the decision saw). */
    record Delete(Propagation propagation) implements GcAction {}

    /** Drop the ownerReferences to these owner uids: the object has a live owner besides them. */
    record RemoveOwnerReferences(Set<String> ownerUids) implements GcAction {}

    /** Set blockOwnerDeletion=false on every ownerReference, so a foreground chain cannot deadlock on a cycle. */
    record UnblockOwnerReferences() implements GcAction {}

    /** Remove one of the garbage collector's finalizers (orphan, foregroundDeletion) from the object. */
    record RemoveFinalizer(String finalizer) implements GcAction {}

    /** Remove the object's ownerReference from each of these dependents (Orphan propagation). */
    record OrphanDependents(List<ObjectIdentity> dependents) implements GcAction {}

    /** Look at these dependents again (the owner entered foreground deletion: each decides whether it goes). */
    record Revisit(List<ObjectIdentity> objects) implements GcAction {}
}
