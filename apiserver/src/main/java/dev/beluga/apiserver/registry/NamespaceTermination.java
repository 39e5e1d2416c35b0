package dev.beluga.apiserver.registry;

import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.storage.KeyValue;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a stored namespace is being terminated, decoded once per stored version: every create in a
 * namespace asks (NamespaceLifecycle), and decoding the Namespace each time was a tenth of a create's
 * work. A key's mod revision names one value, so an answer kept under it never goes stale.
 */
final class NamespaceTermination {
    /** Enough for any real cluster's namespaces; past it the answers are dropped and decoded again. */
    private static final int MAX_KEPT = 10_000;

    private record Known(long modRevision, boolean terminating) {}

    private final Map<String, Known> known = new ConcurrentHashMap<>();

    boolean terminating(KeyValue namespace) {
        Known k = known.get(namespace.key());
        if (k != null && k.modRevision() == namespace.modRevision()) return k.terminating();
        Namespace n = (Namespace) ObjectCodec.fromStored(ResourceRegistry.NAMESPACES, namespace.value());
        boolean terminating = n.getMetadata().getDeletionTimestamp() != null;
        if (known.size() >= MAX_KEPT) known.clear();
        known.put(namespace.key(), new Known(namespace.modRevision(), terminating));
        return terminating;
    }
}
