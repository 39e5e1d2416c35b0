package dev.beluga.apiserver.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import dev.beluga.api.selection.FieldSelector;
import dev.beluga.api.selection.LabelSelector;
import dev.beluga.apiserver.registry.DeleteRequest;
import dev.beluga.apiserver.registry.ListOptions;
import dev.beluga.apiserver.registry.ObjectCodec;
import dev.beluga.apiserver.registry.ObjectRegistry;
import dev.beluga.apiserver.registry.WriteOptions;
import dev.beluga.storage.Watch;
import dev.beluga.storage.WatchEvent;
import dev.beluga.storage.WatchListener;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties terminating namespaces and then releases them: deletes every namespaced object in a
 * namespace marked for deletion, and once nothing is left removes the "kubernetes" finalizer so the
 * namespace goes. Level-triggered: a periodic sweep retries whatever a watch event did not finish
 * (pods wait for their kubelet's confirmation, so a namespace with running pods takes their grace).
 */
public final class NamespaceCleaner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceCleaner.class);

    private final ObjectRegistry registry;
    private final ResourceRegistry resources;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("namespace-cleaner").factory());
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private Watch watch;

    public NamespaceCleaner(ObjectRegistry registry, ResourceRegistry resources) {
        this.registry = registry;
        this.resources = resources;
    }

    public void start(Duration sweep) {
        watch = registry.store().watch(ResourceRegistry.NAMESPACES.keyPrefix(), 0, new WatchListener() {
            @Override public void onEvent(WatchEvent event) {
                if (event.type() == WatchEvent.Type.PUT && ObjectCodec.treeOfStored(event.kv().value()).path("metadata").has("deletionTimestamp")) {
                    String name = event.kv().key().substring(ResourceRegistry.NAMESPACES.keyPrefix().length());
                    if (pending.add(name)) loop.execute(() -> clean(name));
                }
            }
            @Override public void onClose(Optional<Throwable> cause) { }
        });
        loop.scheduleWithFixedDelay(this::sweep, sweep.toMillis(), sweep.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        for (byte[] item : registry.list(ResourceRegistry.NAMESPACES, "", everything()).items()) {
            JsonNode meta = ObjectCodec.treeOfStored(item).path("metadata");
            if (meta.has("deletionTimestamp")) clean(meta.path("name").asText());
        }
    }

    private void clean(String namespace) {
        try {
            int left = 0;
            for (ResourceType type : resources.all()) {
                if (!type.namespaced() || type == ResourceRegistry.EVENTS_V1) continue;
                for (byte[] item : registry.list(type, namespace, everything()).items()) {
                    left++;
                    JsonNode meta = ObjectCodec.treeOfStored(item).path("metadata");
                    if (meta.has("deletionTimestamp")) continue;
                    try {
                        registry.delete(type, namespace, meta.path("name").asText(), DeleteRequest.DEFAULT);
                    } catch (StatusException e) {
                        if (e.code() != 404 && e.code() != 409) throw e;
                    }
                }
            }
            if (left == 0) release(namespace);
        } catch (RuntimeException e) {
            LOG.warn("cleaning namespace {} failed, will retry: {}", namespace, e.getMessage());
        } finally {
            pending.remove(namespace);
        }
    }

    /** Nothing left: drop the "kubernetes" finalizer; the registry deletes the namespace once no finalizer remains. */
    private void release(String namespace) {
        registry.find(ResourceRegistry.NAMESPACES, "", namespace).ifPresent(bytes -> {
            Namespace ns = (Namespace) ObjectCodec.fromStored(ResourceRegistry.NAMESPACES, bytes);
            if (ns.getSpec() == null || ns.getSpec().getFinalizers() == null || !ns.getSpec().getFinalizers().contains("kubernetes")) return;
            ns.getSpec().setFinalizers(ns.getSpec().getFinalizers().stream().filter(f -> !f.equals("kubernetes")).toList());
            try {
                registry.update(ResourceRegistry.NAMESPACES, "", namespace, ns, ObjectRegistry.Part.FINALIZE, WriteOptions.DEFAULT);
                LOG.info("namespace {} emptied and released", namespace);
            } catch (StatusException e) {
                if (e.code() != 404 && e.code() != 409) throw e;
            }
        });
    }

    private static ListOptions everything() {
        return new ListOptions(LabelSelector.parse(""), FieldSelector.parse("", ResourceRegistry.NAMESPACES), 0, Optional.empty(), "");
    }

    @Override
    public void close() {
        if (watch != null) watch.close();
        loop.shutdownNow();
    }

}
