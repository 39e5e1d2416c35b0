package dev.beluga.controller.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Duration;

/**
 * One step the StatefulSet reconciler asks for, applied in the order given. Objects carried are
 * fresh copies, never informer cache entries.
 */
public sealed interface StatefulSetAction {

    /** Take an orphaned revision that matches the selector: the revision with the set's controller reference. */
    record AdoptRevision(ControllerRevision revision) implements StatefulSetAction {}

    record CreateRevision(ControllerRevision revision) implements StatefulSetAction {}

    /**
     * The set's template went back to an older revision's: that revision becomes the newest by taking
     * the next number, rather than a copy being made (upstream's UpdateControllerRevision).
     */
    record RenumberRevision(ControllerRevision revision, long newNumber) implements StatefulSetAction {}

    /** Take an orphaned pod named and labelled as a member: the pod with the set's controller reference. */
    record AdoptPod(Pod pod) implements StatefulSetAction {}

    /** Let go of an owned pod that no longer matches the selector or name: the pod without the reference. */
    record ReleasePod(Pod pod) implements StatefulSetAction {}

    /** Create the pod for an ordinal at a revision (its name is {@code <set>-<ordinal>}). */
    record CreatePod(int ordinal, String revision, Pod pod) implements StatefulSetAction {}

    record DeletePod(Pod pod, DeleteReason reason) implements StatefulSetAction {}

    /** Restore identity labels someone removed or changed (upstream's UpdateStatefulPod); {@code pod} is the fixed copy. */
    record RestorePodIdentity(Pod pod) implements StatefulSetAction {}

    record UpdateStatus(StatefulSetStatus status) implements StatefulSetAction {}

    /** Prune history beyond revisionHistoryLimit. */
    record DeleteRevision(ControllerRevision revision) implements StatefulSetAction {}

    /** Look again after this long even if nothing changes (a Ready pod becoming available after minReadySeconds). */
    record RequeueAfter(Duration delay) implements StatefulSetAction {}

    enum DeleteReason {
        /** Its ordinal is at or above spec.replicas. */
        SCALE_DOWN,
        /** It runs an older revision and the rolling update has reached its ordinal. */
        UPDATE,
        /** Phase Failed: it is deleted, and recreated under its name once gone. */
        FAILED,
        /** Phase Succeeded: as failed; a StatefulSet pod is meant to run forever. */
        SUCCEEDED
    }
}
