package dev.beluga.controller.statefulset;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ObjectKey;
import dev.beluga.client.control.ReconcileLoop;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.client.informer.SharedInformer;
import dev.beluga.client.queue.WorkQueue;
import dev.beluga.controller.ControllerStart;
import dev.beluga.controller.DependentEvents;
import dev.beluga.controller.OwnerLookup;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The StatefulSet controller's thin loop: informers on StatefulSets, pods and ControllerRevisions
 * turn changes into set keys on a work queue; workers hand each set with its namespace's revisions
 * and pods to {@link StatefulSetReconciler} and apply the actions it returns. Workers start once the
 * three caches have listed.
 */
public final class StatefulSetController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatefulSetController.class);
    /** Upstream's --concurrent-statefulset-syncs default. */
    public static final int DEFAULT_WORKERS = 5;

    private final WorkQueue<ObjectKey> queue = WorkQueue.withDefaultBackoff("statefulset");
    private final SharedInformer<StatefulSet> sets;
    private final SharedInformer<Pod> pods;
    private final SharedInformer<ControllerRevision> revisions;
    private final ActionApplier applier;
    private final Clock clock;
    private final ControllerStart workers;

    private StatefulSetController(Client client, InformerFactory informers, EventRecorder events, Clock clock) {
        this.sets = informers.informer(Kind.STATEFULSETS);
        this.pods = informers.informer(Kind.PODS);
        this.revisions = informers.informer(Kind.CONTROLLERREVISIONS);
        this.applier = new ActionApplier(client, events, queue);
        this.clock = clock;
        OwnerLookup<StatefulSet> owners = new OwnerLookup<>(sets.lister(), "apps", "StatefulSet", s -> s.getSpec() == null ? null : s.getSpec().getSelector());
        sets.addHandler(ResourceHandler.onAnyChange(this::enqueue));
        pods.addHandler(DependentEvents.enqueueing(owners, this::enqueue));
        // Revisions only matter to the set that owns them; seeing them keeps a pass from working on a stale history.
        revisions.addHandler(ResourceHandler.onAnyChange(r -> owners.controllerOf(r).ifPresent(this::enqueue)));
        this.workers = ControllerStart.whenSynced("statefulset-controller", List.of(sets, pods, revisions),
                () -> ReconcileLoop.start("statefulset", queue, DEFAULT_WORKERS, this::reconcile));
    }

    /** Registers with the factory's shared informers (start the factory too) and starts working once they have synced. */
    public static StatefulSetController start(Client client, InformerFactory informers, EventRecorder events) {
        return start(client, informers, events, Clock.systemUTC());
    }

    public static StatefulSetController start(Client client, InformerFactory informers, EventRecorder events, Clock clock) {
        return new StatefulSetController(client, informers, events, clock);
    }

    private void reconcile(ObjectKey key) throws Exception {
        Optional<StatefulSet> set = sets.lister().get(key.namespace(), key.name());
        if (set.isEmpty()) return;
        List<StatefulSetAction> actions = StatefulSetReconciler.reconcile(set.get(),
                revisions.lister().list(key.namespace()), pods.lister().list(key.namespace()), clock.instant());
        applier.apply(set.get(), actions);
    }

    private void enqueue(StatefulSet set) {
        queue.add(ObjectKey.of(set));
    }

    @Override
    public void close() {
        workers.close();
        queue.close();
        log.debug("statefulset controller stopped");
    }
}
