package dev.beluga.controller.namespace;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.control.ReconcileLoop;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.client.informer.SharedInformer;
import dev.beluga.client.queue.WorkQueue;
import dev.beluga.controller.garbagecollector.ServedKinds;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's namespace controller: a namespace marked for deletion that still carries the
 * {@code kubernetes} finalizer is emptied (every namespaced object deleted, propagation Background
 * as upstream's deleter asks) and, once nothing is left, the finalizer is removed, after which the
 * API server deletes the namespace. While content remains (pods waiting for their kubelet, objects
 * with finalizers) the namespace's status conditions say what, and it is looked at again shortly.
 */
public final class NamespaceController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NamespaceController.class);
    public static final String FINALIZER = "kubernetes";
    private static final int WORKERS = 4;
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final Client client;
    private final Clock clock;
    private final WorkQueue<String> queue = WorkQueue.withDefaultBackoff("namespace");
    private final ReconcileLoop<String> loop;

    private NamespaceController(Client client, SharedInformer<Namespace> namespaces, Clock clock) {
        this.client = client;
        this.clock = clock;
        namespaces.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(Namespace ns) {
                if (ns.getMetadata().getDeletionTimestamp() != null) queue.add(ns.getMetadata().getName());
            }

            @Override
            public void onUpdate(Namespace previous, Namespace ns) {
                if (ns.getMetadata().getDeletionTimestamp() != null) queue.add(ns.getMetadata().getName());
            }
        });
        this.loop = ReconcileLoop.start("namespace", queue, WORKERS, this::reconcile);
    }

    public static NamespaceController start(Client client, InformerFactory informers, EventRecorder events) {
        return new NamespaceController(client, informers.informer(Kind.NAMESPACES), Clock.systemUTC());
    }

    private void reconcile(String name) {
        Optional<Namespace> found = client.get(Kind.NAMESPACES, "", name);
        if (found.isEmpty()) return;
        Namespace ns = found.get();
        if (ns.getMetadata().getDeletionTimestamp() == null || !carriesFinalizer(ns)) return;
        ContentReport report = deleteContent(name);
        Namespace latest = updateConditions(ns, report);
        if (report.empty()) {
            finalizeNamespace(latest);
            log.info("namespace {} emptied and released", name);
        } else {
            queue.addAfter(name, RECHECK);
        }
    }

    private static boolean carriesFinalizer(Namespace ns) {
        return ns.getSpec() != null && ns.getSpec().getFinalizers() != null && ns.getSpec().getFinalizers().contains(FINALIZER);
    }

    /** Deletes everything in the namespace not already being deleted and reports what is still there. */
    private ContentReport deleteContent(String namespace) {
        Map<String, Integer> remaining = new HashMap<>();
        Map<String, Integer> finalizers = new HashMap<>();
        List<String> failures = new ArrayList<>();
        DeleteOptions background = new DeleteOptionsBuilder().withPropagationPolicy("Background").build();
        for (Kind<? extends HasMetadata> kind : ServedKinds.namespaced()) {
            String resource = kind.type().resource() + "." + kind.type().group();
            try {
                int left = 0;
                for (HasMetadata item : client.list(kind, namespace, ListRequest.ALL).items()) {
                    Optional<? extends HasMetadata> after = Optional.of(item);
                    if (item.getMetadata().getDeletionTimestamp() == null) {
                        try {
                            after = client.delete(kind, namespace, item.getMetadata().getName(), background);
                        } catch (StatusException e) {
                            if (e.code() != 404) throw e;
                            after = Optional.empty();
                        }
                    }
                    if (after.isEmpty()) continue;
                    left++;
                    List<String> fs = after.get().getMetadata().getFinalizers();
                    if (fs != null) for (String f : fs) finalizers.merge(f, 1, Integer::sum);
                }
                remaining.put(resource, left);
            } catch (StatusException e) {
                failures.add(resource + ": " + e.getMessage());
            }
        }
        return new ContentReport(remaining, finalizers, failures);
    }

    /** Writes the conditions when they changed; returns the namespace as stored afterwards. */
    private Namespace updateConditions(Namespace ns, ContentReport report) {
        List<NamespaceCondition> current = ns.getStatus() == null ? List.of() : ns.getStatus().getConditions();
        List<NamespaceCondition> next = NamespaceDeletionConditions.compute(current, report, clock.instant());
        if (NamespaceDeletionConditions.same(current, next)) return ns;
        Namespace copy = new NamespaceBuilder(ns).build();
        if (copy.getStatus() == null) copy.setStatus(new NamespaceStatus());
        copy.getStatus().setConditions(next);
        try {
            return client.updateStatus(Kind.NAMESPACES, copy);
        } catch (StatusException e) {
            // Conditions are informational; the next pass writes them again.
            if (e.code() != 409 && e.code() != 404) throw e;
            return ns;
        }
    }

    /** Removes the {@code kubernetes} finalizer through namespaces/finalize; the API server then deletes the namespace. */
    private void finalizeNamespace(Namespace ns) {
        Namespace copy = new NamespaceBuilder(ns).build();
        copy.getSpec().setFinalizers(ns.getSpec().getFinalizers().stream().filter(f -> !f.equals(FINALIZER)).toList());
        try {
            client.finalizeNamespace(copy);
        } catch (StatusException e) {
            if (e.code() != 404) throw e;
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
