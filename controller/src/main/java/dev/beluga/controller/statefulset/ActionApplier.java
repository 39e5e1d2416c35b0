package dev.beluga.controller.statefulset;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ObjectKey;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.client.queue.WorkQueue;
import dev.beluga.controller.Adoption;
import dev.beluga.controller.ControllerRefs;
import dev.beluga.controller.statefulset.StatefulSetAction.AdoptPod;
import dev.beluga.controller.statefulset.StatefulSetAction.AdoptRevision;
import dev.beluga.controller.statefulset.StatefulSetAction.CreatePod;
import dev.beluga.controller.statefulset.StatefulSetAction.CreateRevision;
import dev.beluga.controller.statefulset.StatefulSetAction.DeletePod;
import dev.beluga.controller.statefulset.StatefulSetAction.DeleteReason;
import dev.beluga.controller.statefulset.StatefulSetAction.DeleteRevision;
import dev.beluga.controller.statefulset.StatefulSetAction.ReleasePod;
import dev.beluga.controller.statefulset.StatefulSetAction.RenumberRevision;
import dev.beluga.controller.statefulset.StatefulSetAction.RequeueAfter;
import dev.beluga.controller.statefulset.StatefulSetAction.RestorePodIdentity;
import dev.beluga.controller.statefulset.StatefulSetAction.UpdateStatus;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a pass's actions through the Client, in order, and records upstream's events on the set.
 * As upstream, a failed pod operation stops the pod operations that follow but status is still
 * written and history still pruned; the failure is rethrown at the end so the key is retried with
 * backoff. Objects that are already gone (404) are not failures.
 */
final class ActionApplier {
    private static final Logger log = LoggerFactory.getLogger(ActionApplier.class);

    private final Client client;
    private final EventRecorder events;
    private final WorkQueue<ObjectKey> queue;

    ActionApplier(Client client, EventRecorder events, WorkQueue<ObjectKey> queue) {
        this.client = client;
        this.events = events;
        this.queue = queue;
    }

    void apply(StatefulSet set, List<StatefulSetAction> actions) throws Exception {
        Exception failure = null;
        boolean adoptionChecked = false;
        for (StatefulSetAction action : actions) {
            switch (action) {
                case AdoptRevision a -> {
                    if (!adoptionChecked) Adoption.ensureAllowed(client, Kind.STATEFULSETS, set);
                    adoptionChecked = true;
                    ignoreMissing(() -> client.update(Kind.CONTROLLERREVISIONS, a.revision()));
                }
                case CreateRevision c -> createRevision(c.revision());
                case RenumberRevision r -> client.update(Kind.CONTROLLERREVISIONS,
                        new ControllerRevisionBuilder(r.revision()).withRevision(r.newNumber()).build());
                case AdoptPod a -> {
                    if (!adoptionChecked) Adoption.ensureAllowed(client, Kind.STATEFULSETS, set);
                    adoptionChecked = true;
                    ignoreMissing(() -> client.update(Kind.PODS, a.pod()));
                }
                case ReleasePod r -> ignoreMissing(() -> client.update(Kind.PODS, r.pod()));
                case CreatePod c -> {
                    if (failure == null) failure = attempt(() -> createPod(set, c.pod()));
                }
                case DeletePod d -> {
                    if (failure == null) failure = attempt(() -> deletePod(set, d.pod(), d.reason()));
                }
                case RestorePodIdentity r -> {
                    if (failure == null) failure = attempt(() -> updatePod(set, r.pod()));
                }
                case UpdateStatus u -> {
                    StatefulSet copy = new StatefulSetBuilder(set).withStatus(u.status()).build();
                    Exception e = attempt(() -> client.updateStatus(Kind.STATEFULSETS, copy));
                    if (failure == null) failure = e;
                }
                case DeleteRevision d -> ignoreMissing(() -> client.delete(Kind.CONTROLLERREVISIONS,
                        d.revision().getMetadata().getNamespace(), d.revision().getMetadata().getName(), preconditionUid(d.revision().getMetadata().getUid())));
                case RequeueAfter r -> queue.addAfter(ObjectKey.of(set), r.delay());
            }
        }
        if (failure != null) throw failure;
    }

    /**
     * A revision of that name may already exist: one this controller made and the informer has not
     * shown yet is fine when its data is the same; otherwise the next pass sees it and steps over the name.
     */
    private void createRevision(ControllerRevision revision) {
        try {
            client.create(Kind.CONTROLLERREVISIONS, revision);
        } catch (StatusException e) {
            if (!"AlreadyExists".equals(e.reason())) throw e;
            Optional<ControllerRevision> existing = client.get(Kind.CONTROLLERREVISIONS, revision.getMetadata().getNamespace(), revision.getMetadata().getName());
            if (existing.isPresent() && RevisionData.sameData(existing.get(), RevisionData.canonical(revision.getData()))) return;
            throw e;
        }
    }

    private void createPod(StatefulSet set, Pod pod) {
        try {
            client.create(Kind.PODS, pod);
            events.normal(set, "SuccessfulCreate", message("create", pod, set, null));
        } catch (StatusException e) {
            if ("AlreadyExists".equals(e.reason()) && alreadyOurs(set, pod)) {
                // The informer has yet to show our own earlier create: nothing to do, its event brings us back.
                log.debug("pod {}/{} already exists", pod.getMetadata().getNamespace(), pod.getMetadata().getName());
                return;
            }
            events.warning(set, "FailedCreate", message("create", pod, set, e));
            throw e;
        }
    }

    private boolean alreadyOurs(StatefulSet set, Pod pod) {
        return client.get(Kind.PODS, pod.getMetadata().getNamespace(), pod.getMetadata().getName())
                .map(p -> ControllerRefs.isControlledBy(p, set)).orElse(false);
    }

    /** Deletes exactly the pod that was decided on (uid precondition), never a successor under its name. */
    private void deletePod(StatefulSet set, Pod pod, DeleteReason reason) {
        switch (reason) {
            case FAILED -> events.warning(set, "RecreatingFailedPod", "StatefulSet " + set.getMetadata().getNamespace() + "/"
                    + set.getMetadata().getName() + " is recreating failed Pod " + pod.getMetadata().getName());
            case SUCCEEDED -> events.normal(set, "RecreatingTerminatedPod", "StatefulSet " + set.getMetadata().getNamespace() + "/"
                    + set.getMetadata().getName() + " is recreating terminated Pod " + pod.getMetadata().getName());
            case SCALE_DOWN, UPDATE -> { }
        }
        try {
            client.delete(Kind.PODS, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), preconditionUid(pod.getMetadata().getUid()));
            events.normal(set, "SuccessfulDelete", message("delete", pod, set, null));
        } catch (StatusException e) {
            if (e.code() == 404 || (e.code() == 409 && !"AlreadyExists".equals(e.reason()))) return; // gone, or replaced already
            events.warning(set, "FailedDelete", message("delete", pod, set, e));
            throw e;
        }
    }

    private void updatePod(StatefulSet set, Pod pod) {
        try {
            client.update(Kind.PODS, pod);
            events.normal(set, "SuccessfulUpdate", message("update", pod, set, null));
        } catch (StatusException e) {
            if (e.code() == 404) return;
            if (e.code() != 409) events.warning(set, "FailedUpdate", message("update", pod, set, e));
            throw e;
        }
    }

    /** Upstream's recordPodEvent text: "create Pod web-0 in StatefulSet web successful". */
    static String message(String verb, Pod pod, StatefulSet set, Exception error) {
        String base = verb + " Pod " + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName();
        return error == null ? base + " successful" : base + " failed error: " + error.getMessage();
    }

    private static DeleteOptions preconditionUid(String uid) {
        return uid == null ? new DeleteOptions() : new DeleteOptionsBuilder().withNewPreconditions().withUid(uid).endPreconditions().build();
    }

    private interface Call {
        void run() throws Exception;
    }

    private static Exception attempt(Call call) {
        try {
            call.run();
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    private static void ignoreMissing(Call call) throws Exception {
        try {
            call.run();
        } catch (StatusException e) {
            if (e.code() != 404) throw e;
        }
    }
}
