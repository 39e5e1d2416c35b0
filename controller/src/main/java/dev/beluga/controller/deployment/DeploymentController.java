package dev.beluga.controller.deployment;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ObjectKey;
import dev.beluga.client.Patch;
import dev.beluga.client.control.ReconcileLoop;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.client.informer.Lister;
import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.client.informer.SharedInformer;
import dev.beluga.client.queue.WorkQueue;
import dev.beluga.controller.Adoption;
import dev.beluga.controller.ApiErrors;
import dev.beluga.controller.ControllerRefs;
import dev.beluga.controller.ControllerStart;
import dev.beluga.controller.DependentEvents;
import dev.beluga.controller.ObjectCopy;
import dev.beluga.controller.OwnerLookup;
import dev.beluga.controller.deployment.DeploymentAction.AdoptReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.CreateReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.DeleteReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.RecordEvent;
import dev.beluga.controller.deployment.DeploymentAction.ReleaseReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.RequeueAfter;
import dev.beluga.controller.deployment.DeploymentAction.SetRevision;
import dev.beluga.controller.deployment.DeploymentAction.UpdateReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.UpdateStatus;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The thin loop around {@link DeploymentReconciler}: informers on Deployments, ReplicaSets and pods
 * feed a work queue of Deployment keys; each sync plans with the reconciler and applies the actions
 * through the Client in order, stopping at the first failure (the Deployment is retried with backoff).
 * Events as upstream: ScalingReplicaSet, ReplicaSetCreateError, SelectingAll.
 */
public final class DeploymentController implements AutoCloseable {
    private static final String NAME = "deployment-controller";

    /** @param workers concurrent syncs (upstream's --concurrent-deployment-syncs, default 5) */
    public record Settings(int workers, Clock clock) {
        public static Settings defaults() {
            return new Settings(5, Clock.systemUTC());
        }
    }

    private final Client client;
    private final EventRecorder events;
    private final Settings settings;
    private final DeploymentReconciler reconciler = new DeploymentReconciler();
    private final Lister<Deployment> deployments;
    private final Lister<ReplicaSet> replicaSets;
    private final Lister<Pod> pods;
    private final OwnerLookup<Deployment> deploymentOwners;
    private final OwnerLookup<ReplicaSet> replicaSetOwners;
    private final WorkQueue<ObjectKey> queue = WorkQueue.withDefaultBackoff("deployment");
    private final ControllerStart workers;

    private DeploymentController(Client client, InformerFactory informers, EventRecorder events, Settings settings) {
        this.client = client;
        this.events = events;
        this.settings = settings;
        SharedInformer<Deployment> dInformer = informers.informer(Kind.DEPLOYMENTS);
        SharedInformer<ReplicaSet> rsInformer = informers.informer(Kind.REPLICASETS);
        SharedInformer<Pod> podInformer = informers.informer(Kind.PODS);
        ControllerRefs.addIndexes(rsInformer);
        ControllerRefs.addIndexes(podInformer);
        this.deployments = dInformer.lister();
        this.replicaSets = rsInformer.lister();
        this.pods = podInformer.lister();
        this.deploymentOwners = new OwnerLookup<>(deployments, "apps", "Deployment", d -> d.getSpec() == null ? null : d.getSpec().getSelector());
        this.replicaSetOwners = new OwnerLookup<>(replicaSets, "apps", "ReplicaSet", rs -> rs.getSpec() == null ? null : rs.getSpec().getSelector());
        dInformer.addHandler(ResourceHandler.onAnyChange(this::enqueue));
        rsInformer.addHandler(DependentEvents.enqueueing(deploymentOwners, this::enqueue));
        podInformer.addHandler(new PodEvents());
        this.workers = ControllerStart.whenSynced(NAME, List.of(dInformer, rsInformer, podInformer),
                () -> ReconcileLoop.start("deployment", queue, settings.workers(), this::sync));
    }

    /** Starts watching at once and syncing as soon as the informers have listed; close to stop. */
    public static DeploymentController start(Client client, InformerFactory informers, EventRecorder events) {
        return start(client, informers, events, Settings.defaults());
    }

    public static DeploymentController start(Client client, InformerFactory informers, EventRecorder events, Settings settings) {
        return new DeploymentController(client, informers, events, settings);
    }

    @Override
    public void close() {
        workers.close();
        queue.close();
    }

    // ------------------------------------------------------------------ sync

    void sync(ObjectKey key) {
        Optional<Deployment> found = deployments.get(key.namespace(), key.name());
        if (found.isEmpty()) return;
        Deployment d = found.get();
        List<ReplicaSet> candidates = ControllerRefs.controlledOrOrphaned(replicaSets, d);
        List<DeploymentAction> actions = reconciler.reconcile(d, candidates, podsOf(d, candidates), settings.clock().instant());
        apply(key, d, actions);
    }

    private List<Pod> podsOf(Deployment d, List<ReplicaSet> candidates) {
        List<Pod> out = new ArrayList<>();
        for (ReplicaSet rs : candidates) {
            if (!ControllerRefs.isControlledBy(rs, d) || rs.getMetadata().getUid() == null) continue;
            out.addAll(pods.byIndex(ControllerRefs.CONTROLLER_UID_INDEX, rs.getMetadata().getUid()));
        }
        return out;
    }

    private void apply(ObjectKey key, Deployment d, List<DeploymentAction> actions) {
        Map<String, String> versions = new HashMap<>();
        boolean adoptionChecked = false;
        for (DeploymentAction action : actions) {
            switch (action) {
                case AdoptReplicaSet a -> {
                    if (!adoptionChecked) {
                        Adoption.ensureAllowed(client, Kind.DEPLOYMENTS, d);
                        adoptionChecked = true;
                    }
                    versions.put(a.plannedVersion(), Adoption.adopt(client, Kind.REPLICASETS, d, a.replicaSet()).getMetadata().getResourceVersion());
                }
                case ReleaseReplicaSet r -> Adoption.release(client, Kind.REPLICASETS, d, r.replicaSet());
                case CreateReplicaSet c -> create(d, c, versions);
                case UpdateReplicaSet u -> {
                    ReplicaSet rs = ObjectCopy.of(u.replicaSet());
                    rs.getMetadata().setResourceVersion(actualVersion(versions, rs.getMetadata().getResourceVersion()));
                    ReplicaSet updated = client.update(Kind.REPLICASETS, rs);
                    versions.put(u.plannedVersion(), updated.getMetadata().getResourceVersion());
                }
                case DeleteReplicaSet del -> {
                    ReplicaSet rs = del.replicaSet();
                    try {
                        client.delete(Kind.REPLICASETS, rs.getMetadata().getNamespace(), rs.getMetadata().getName(),
                                new DeleteOptionsBuilder().withNewPreconditions().withUid(rs.getMetadata().getUid()).endPreconditions().build());
                    } catch (StatusException e) {
                        if (!ApiErrors.isNotFound(e)) throw e;
                    }
                }
                case UpdateStatus s -> {
                    Deployment copy = ObjectCopy.of(d);
                    copy.setStatus(s.status());
                    client.updateStatus(Kind.DEPLOYMENTS, copy);
                }
                case SetRevision r -> client.patch(Kind.DEPLOYMENTS, d.getMetadata().getNamespace(), d.getMetadata().getName(),
                        Patch.merge("{\"metadata\":{\"annotations\":{\"" + RevisionAnnotations.REVISION + "\":\"" + r.revision() + "\"}}}"));
                case RecordEvent e -> {
                    if ("Warning".equals(e.type())) events.warning(d, e.reason(), e.message());
                    else events.normal(d, e.reason(), e.message());
                }
                case RequeueAfter r -> queue.addAfter(key, r.delay());
            }
        }
    }

    private void create(Deployment d, CreateReplicaSet c, Map<String, String> versions) {
        ReplicaSet rs = c.replicaSet();
        try {
            ReplicaSet created = client.create(Kind.REPLICASETS, rs);
            versions.put(c.plannedVersion(), created.getMetadata().getResourceVersion());
        } catch (StatusException e) {
            if (ApiErrors.isAlreadyExists(e)) {
                // A cache behind the API (then it is ours: just look again) or a hash collision.
                client.get(Kind.REPLICASETS, rs.getMetadata().getNamespace(), rs.getMetadata().getName())
                        .ifPresent(existing -> apply(ObjectKey.of(d), d, reconciler.replicaSetNameTaken(d, existing)));
            } else if (!ApiErrors.isNamespaceTerminating(e)) {
                apply(ObjectKey.of(d), d, reconciler.replicaSetCreateFailed(d, rs, e.getMessage(), settings.clock().instant()));
            }
            throw e;
        }
    }

    private static String actualVersion(Map<String, String> versions, String planned) {
        if (planned == null || !planned.startsWith(DeploymentAction.PLANNED)) return planned;
        String actual = versions.get(planned);
        if (actual == null) throw new IllegalStateException("planned resourceVersion " + planned + " was never written");
        return actual;
    }

    // ------------------------------------------------------------------ event handlers

    private void enqueue(Deployment d) {
        queue.add(ObjectKey.of(d));
    }

    /** Recreate waits for the old pods to be gone: a pod's deletion is worth a look. */
    private final class PodEvents implements ResourceHandler<Pod> {
        @Override
        public void onDelete(Pod pod) {
            replicaSetOwners.controllerOf(pod).flatMap(deploymentOwners::controllerOf)
                    .filter(d -> d.getSpec().getStrategy() != null && Fenceposts.RECREATE.equals(d.getSpec().getStrategy().getType()))
                    .ifPresent(DeploymentController.this::enqueue);
        }
    }
}
