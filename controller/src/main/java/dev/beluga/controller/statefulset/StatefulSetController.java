package dev.beluga.controller.statefulset;

import dev.beluga.api.selection.LabelSelector;
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
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    private final Thread starter;
    private volatile ReconcileLoop<ObjectKey> loop;
    private volatile boolean closed;

    private StatefulSetController(Client client, InformerFactory informers, EventRecorder events, Clock clock) {
        this.sets = informers.informer(Kind.STATEFULSETS);
        this.pods = informers.informer(Kind.PODS);
        this.revisions = informers.informer(Kind.CONTROLLERREVISIONS);
        this.applier = new ActionApplier(client, events, queue);
        this.clock = clock;
        sets.addHandler(new SetEvents());
        pods.addHandler(new PodEvents());
        revisions.addHandler(new RevisionEvents());
        this.starter = Thread.ofVirtual().name("statefulset-start").unstarted(() -> startWhenSynced(DEFAULT_WORKERS));
    }

    /** Registers with the factory's shared informers (start the factory too) and starts working once they have synced. */
    public static StatefulSetController start(Client client, InformerFactory informers, EventRecorder events) {
        return start(client, informers, events, Clock.systemUTC());
    }

    public static StatefulSetController start(Client client, InformerFactory informers, EventRecorder events, Clock clock) {
        StatefulSetController c = new StatefulSetController(client, informers, events, clock);
        c.starter.start();
        return c;
    }

    private void startWhenSynced(int workers) {
        try {
            while (!closed && !(sets.hasSynced() && pods.hasSynced() && revisions.hasSynced())) Thread.sleep(10);
        } catch (InterruptedException e) {
            return;
        }
        synchronized (this) {
            if (closed) return;
            loop = ReconcileLoop.start("statefulset", queue, workers, this::reconcile);
        }
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

    /** The set a controller reference names, when it is that very set (same uid). */
    private Optional<StatefulSet> resolve(String namespace, OwnerReference ref) {
        if (!ControllerRef.KIND.equals(ref.getKind())) return Optional.empty();
        return sets.lister().get(namespace, ref.getName()).filter(s -> Objects.equals(s.getMetadata().getUid(), ref.getUid()));
    }

    /** Sets whose selector takes an orphan pod (upstream's getPodStatefulSets). */
    private List<StatefulSet> setsSelecting(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        if (labels.isEmpty()) return List.of();
        return sets.lister().list(pod.getMetadata().getNamespace()).stream()
                .filter(s -> s.getSpec() != null && s.getSpec().getSelector() != null)
                .filter(s -> LabelSelector.fromModel(s.getSpec().getSelector()).matches(labels))
                .toList();
    }

    private void enqueueOwnerOf(Pod pod) {
        Optional<OwnerReference> ref = ControllerRef.of(pod);
        if (ref.isPresent()) resolve(pod.getMetadata().getNamespace(), ref.get()).ifPresent(this::enqueue);
        else setsSelecting(pod).forEach(this::enqueue);
    }

    private final class SetEvents implements ResourceHandler<StatefulSet> {
        @Override
        public void onAdd(StatefulSet set) {
            enqueue(set);
        }

        @Override
        public void onUpdate(StatefulSet previous, StatefulSet current) {
            enqueue(current);
        }

        @Override
        public void onDelete(StatefulSet lastKnown) {
            enqueue(lastKnown);
        }
    }

    private final class PodEvents implements ResourceHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            enqueueOwnerOf(pod);
        }

        @Override
        public void onUpdate(Pod previous, Pod current) {
            if (Objects.equals(previous.getMetadata().getResourceVersion(), current.getMetadata().getResourceVersion())) return;
            Optional<OwnerReference> before = ControllerRef.of(previous);
            Optional<OwnerReference> now = ControllerRef.of(current);
            boolean ownerChanged = !Objects.equals(before.map(OwnerReference::getUid), now.map(OwnerReference::getUid));
            if (ownerChanged && before.isPresent()) resolve(previous.getMetadata().getNamespace(), before.get()).ifPresent(StatefulSetController.this::enqueue);
            if (now.isPresent()) {
                resolve(current.getMetadata().getNamespace(), now.get()).ifPresent(StatefulSetController.this::enqueue);
                return;
            }
            boolean labelsChanged = !Objects.equals(previous.getMetadata().getLabels(), current.getMetadata().getLabels());
            if (labelsChanged || ownerChanged) setsSelecting(current).forEach(StatefulSetController.this::enqueue);
        }

        @Override
        public void onDelete(Pod lastKnown) {
            ControllerRef.of(lastKnown).flatMap(r -> resolve(lastKnown.getMetadata().getNamespace(), r)).ifPresent(StatefulSetController.this::enqueue);
        }
    }

    /** Revisions only matter to the set that owns them; seeing them keeps a pass from working on a stale history. */
    private final class RevisionEvents implements ResourceHandler<ControllerRevision> {
        @Override
        public void onAdd(ControllerRevision r) {
            owner(r);
        }

        @Override
        public void onUpdate(ControllerRevision previous, ControllerRevision current) {
            owner(current);
        }

        @Override
        public void onDelete(ControllerRevision r) {
            owner(r);
        }

        private void owner(ControllerRevision r) {
            ControllerRef.of(r).flatMap(ref -> resolve(r.getMetadata().getNamespace(), ref)).ifPresent(StatefulSetController.this::enqueue);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        starter.interrupt();
        ReconcileLoop<ObjectKey> l = loop;
        if (l != null) l.close();
        else queue.close();
        log.debug("statefulset controller stopped");
    }
}
