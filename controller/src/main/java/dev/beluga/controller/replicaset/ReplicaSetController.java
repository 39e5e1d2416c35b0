package dev.beluga.controller.replicaset;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ObjectKey;
import dev.beluga.client.control.ReconcileLoop;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.client.informer.Lister;
import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.client.informer.SharedInformer;
import dev.beluga.client.queue.WorkQueue;
import dev.beluga.controller.Adoption;
import dev.beluga.controller.ApiErrors;
import dev.beluga.controller.ControllerExpectations;
import dev.beluga.controller.ControllerRefs;
import dev.beluga.controller.ControllerStart;
import dev.beluga.controller.DependentEvents;
import dev.beluga.controller.ObjectCopy;
import dev.beluga.controller.OwnerLookup;
import dev.beluga.controller.PodReadiness;
import dev.beluga.controller.replicaset.ReplicaSetAction.AdoptPod;
import dev.beluga.controller.replicaset.ReplicaSetAction.CreatePods;
import dev.beluga.controller.replicaset.ReplicaSetAction.DeletePods;
import dev.beluga.controller.replicaset.ReplicaSetAction.ReleasePod;
import dev.beluga.controller.replicaset.ReplicaSetAction.RequeueAfter;
import dev.beluga.controller.replicaset.ReplicaSetAction.UpdateStatus;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin loop around {@link ReplicaSetReconciler}: informers on ReplicaSets and pods feed a work
 * queue of ReplicaSet keys (and the expectations of what was asked for and not yet seen); each sync
 * plans with the reconciler and applies the plan through the Client, recording upstream's events
 * (SuccessfulCreate, FailedCreate, SuccessfulDelete, FailedDelete).
 */
public final class ReplicaSetController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaSetController.class);
    private static final String NAME = "replicaset-controller";

    /** @param workers concurrent syncs (upstream's --concurrent-replicaset-syncs, default 5) */
    public record Settings(int workers, int burstReplicas, Clock clock) {
        public static Settings defaults() {
            return new Settings(5, ReplicaSetReconciler.DEFAULT_BURST, Clock.systemUTC());
        }
    }

    private final Client client;
    private final EventRecorder events;
    private final Settings settings;
    private final ReplicaSetReconciler reconciler;
    private final Lister<ReplicaSet> replicaSets;
    private final Lister<Pod> pods;
    private final ControllerExpectations expectations;
    private final WorkQueue<ObjectKey> queue = WorkQueue.withDefaultBackoff("replicaset");
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final ControllerStart workers;

    private ReplicaSetController(Client client, InformerFactory informers, EventRecorder events, Settings settings) {
        this.client = client;
        this.events = events;
        this.settings = settings;
        this.reconciler = new ReplicaSetReconciler(settings.burstReplicas());
        this.expectations = new ControllerExpectations(settings.clock());
        SharedInformer<ReplicaSet> rsInformer = informers.informer(Kind.REPLICASETS);
        SharedInformer<Pod> podInformer = informers.informer(Kind.PODS);
        ControllerRefs.addIndexes(rsInformer);
        ControllerRefs.addIndexes(podInformer);
        this.replicaSets = rsInformer.lister();
        this.pods = podInformer.lister();
        rsInformer.addHandler(new ResourceHandler<>() {
            @Override
            public void onDelete(ReplicaSet lastKnown) {
                // Before the key is queued: a ReplicaSet made again under this name must not inherit these expectations.
                expectations.delete(ObjectKey.of(lastKnown).toString());
            }
        });
        rsInformer.addHandler(ResourceHandler.onAnyChange(this::enqueue));
        OwnerLookup<ReplicaSet> owners = new OwnerLookup<>(replicaSets, "apps", "ReplicaSet", rs -> rs.getSpec() == null ? null : rs.getSpec().getSelector());
        podInformer.addHandler(DependentEvents.observed(owners, this::enqueue, new PodObserver()));
        this.workers = ControllerStart.whenSynced(NAME, List.of(rsInformer, podInformer),
                () -> ReconcileLoop.start("replicaset", queue, settings.workers(), this::sync));
    }

    /** Starts watching at once and syncing as soon as the informers have listed; close to stop. */
    public static ReplicaSetController start(Client client, InformerFactory informers, EventRecorder events) {
        return start(client, informers, events, Settings.defaults());
    }

    public static ReplicaSetController start(Client client, InformerFactory informers, EventRecorder events, Settings settings) {
        return new ReplicaSetController(client, informers, events, settings);
    }

    @Override
    public void close() {
        workers.close();
        queue.close();
        requests.shutdownNow();
    }

    // ------------------------------------------------------------------ sync

    void sync(ObjectKey key) throws Exception {
        Optional<ReplicaSet> found = replicaSets.get(key.namespace(), key.name());
        if (found.isEmpty()) {
            expectations.delete(key.toString());
            return;
        }
        ReplicaSet rs = found.get();
        boolean satisfied = expectations.satisfied(key.toString());
        List<Pod> candidates = ControllerRefs.controlledOrOrphaned(pods, rs);
        ReplicaSetPlan plan = reconciler.reconcile(rs, candidates, relatedPods(rs, candidates), satisfied, settings.clock().instant());
        apply(key, plan);
    }

    /** Upstream's getIndirectlyRelatedPods: pods of every ReplicaSet with the same controller (a Deployment's revisions). */
    private List<Pod> relatedPods(ReplicaSet rs, List<Pod> candidates) {
        Optional<OwnerReference> owner = ControllerRefs.controllerOf(rs);
        if (owner.isEmpty() || owner.get().getUid() == null) return candidates;
        List<Pod> related = new ArrayList<>();
        for (ReplicaSet sibling : replicaSets.byIndex(ControllerRefs.CONTROLLER_UID_INDEX, owner.get().getUid())) {
            if (sibling.getMetadata().getUid() == null) continue;
            related.addAll(pods.byIndex(ControllerRefs.CONTROLLER_UID_INDEX, sibling.getMetadata().getUid()));
        }
        return related;
    }

    private void apply(ObjectKey key, ReplicaSetPlan plan) throws Exception {
        ReplicaSet rs = plan.replicaSet();
        claim(rs, plan);
        Optional<Failure> failure = Optional.empty();
        for (ReplicaSetAction action : plan.actions()) {
            switch (action) {
                case CreatePods c -> failure = createPods(key, rs, c.count());
                case DeletePods d -> failure = deletePods(key, rs, d.pods());
                default -> { }
            }
        }
        if (failure.isPresent()) {
            Failure f = failure.get();
            Optional<ReplicaSetStatus> status = plan.statusAfterFailure(f.reason(), f.error().getMessage(), settings.clock().instant());
            if (status.isPresent()) writeStatus(rs, status.get());
            throw f.error();
        }
        for (UpdateStatus u : plan.actionsOf(UpdateStatus.class)) writeStatus(rs, u.status());
        for (RequeueAfter r : plan.actionsOf(RequeueAfter.class)) queue.addAfter(key, r.delay());
    }

    private record Failure(String reason, StatusException error) {}

    /** Adoptions and releases, as upstream's ControllerRefManager: adopting re-reads the ReplicaSet first. */
    private void claim(ReplicaSet rs, ReplicaSetPlan plan) {
        List<AdoptPod> adoptions = plan.actionsOf(AdoptPod.class);
        if (!adoptions.isEmpty()) Adoption.ensureAllowed(client, Kind.REPLICASETS, rs);
        for (AdoptPod a : adoptions) Adoption.adopt(client, Kind.PODS, rs, a.pod());
        for (ReleasePod r : plan.actionsOf(ReleasePod.class)) Adoption.release(client, Kind.PODS, rs, r.pod());
    }

    /** Creates in slow-start batches; every create not made is taken off the expectations again. */
    private Optional<Failure> createPods(ObjectKey key, ReplicaSet rs, int count) throws InterruptedException {
        expectations.expectCreations(key.toString(), count);
        int created = 0;
        StatusException firstError = null;
        for (int batch : SlowStart.batches(count)) {
            List<Future<?>> calls = new ArrayList<>();
            List<StatusException> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < batch; i++) calls.add(requests.submit(() -> createPod(rs, errors)));
            for (Future<?> f : calls) await(f);
            created += batch - errors.size();
            if (!errors.isEmpty()) {
                firstError = errors.getFirst();
                break;
            }
        }
        for (int i = created; i < count; i++) expectations.creationObserved(key.toString());
        return firstError == null ? Optional.empty() : Optional.of(new Failure("FailedCreate", firstError));
    }

    private void createPod(ReplicaSet rs, List<StatusException> errors) {
        try {
            Pod pod = client.create(Kind.PODS, PodTemplates.newPod(rs));
            events.normal(rs, "SuccessfulCreate", "Created pod: " + pod.getMetadata().getName());
        } catch (StatusException e) {
            // A terminating namespace refuses every create; there is nothing to report or retry.
            if (ApiErrors.isNamespaceTerminating(e)) return;
            events.warning(rs, "FailedCreate", "Error creating: " + e.getMessage());
            errors.add(e);
        } catch (RuntimeException e) {
            errors.add(StatusException.internal(String.valueOf(e.getMessage())));
        }
    }

    private Optional<Failure> deletePods(ObjectKey key, ReplicaSet rs, List<Pod> victims) throws InterruptedException {
        Set<String> podKeys = victims.stream().map(p -> ObjectKey.of(p).toString()).collect(Collectors.toSet());
        expectations.expectDeletions(key.toString(), podKeys);
        List<StatusException> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> calls = new ArrayList<>();
        for (Pod pod : victims) calls.add(requests.submit(() -> deletePod(key, rs, pod, errors)));
        for (Future<?> f : calls) await(f);
        return errors.isEmpty() ? Optional.empty() : Optional.of(new Failure("FailedDelete", errors.getFirst()));
    }

    private void deletePod(ObjectKey key, ReplicaSet rs, Pod pod, List<StatusException> errors) {
        String podKey = ObjectKey.of(pod).toString();
        try {
            client.delete(Kind.PODS, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), new DeleteOptions());
            events.normal(rs, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
        } catch (StatusException e) {
            // The informer will never see this deletion: stop expecting it.
            expectations.deletionObserved(key.toString(), podKey);
            if (ApiErrors.isNotFound(e)) return;
            events.warning(rs, "FailedDelete", "Error deleting: " + e.getMessage());
            errors.add(e);
        } catch (RuntimeException e) {
            expectations.deletionObserved(key.toString(), podKey);
            errors.add(StatusException.internal(String.valueOf(e.getMessage())));
        }
    }

    private void writeStatus(ReplicaSet rs, ReplicaSetStatus status) {
        ReplicaSet copy = ObjectCopy.of(rs);
        copy.setStatus(status);
        client.updateStatus(Kind.REPLICASETS, copy);
    }

    private static void await(Future<?> f) throws InterruptedException {
        try {
            f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            log.warn("pod request failed unexpectedly", e.getCause());
        }
    }

    // ------------------------------------------------------------------ event handlers

    private void enqueue(ReplicaSet rs) {
        queue.add(ObjectKey.of(rs));
    }

    /** What the ReplicaSet asked for and now sees happen (its expectations), and when a pod's availability is due. */
    private final class PodObserver implements DependentEvents.Observer<ReplicaSet, Pod> {
        @Override
        public void added(ReplicaSet rs, Pod pod) {
            expectations.creationObserved(ObjectKey.of(rs).toString());
        }

        @Override
        public void updated(ReplicaSet rs, Pod previous, Pod current) {
            int minReady = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
            if (minReady > 0 && !PodReadiness.isReady(previous) && PodReadiness.isReady(current)) {
                queue.addAfter(ObjectKey.of(rs), Duration.ofSeconds(minReady).plus(ReplicaSetReconciler.AVAILABILITY_SLACK));
            }
        }

        @Override
        public void deleted(ReplicaSet rs, Pod pod) {
            expectations.deletionObserved(ObjectKey.of(rs).toString(), ObjectKey.of(pod).toString());
        }
    }
}
