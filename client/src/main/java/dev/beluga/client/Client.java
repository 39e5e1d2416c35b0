package dev.beluga.client;

import dev.beluga.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Optional;

/**
 * The one way components read and write cluster state (ARCHITECTURE.md principle 3). Two transports
 * implement it with the same semantics: in-process, straight onto the API server's registry, and
 * HTTP, for agents and tests. Every failure the API would answer with a Status surfaces as a
 * {@link StatusException} carrying that Status (404, 409, 410, 422, ...); a server that cannot be
 * reached surfaces as 503 ServiceUnavailable, so callers handle one exception type.
 *
 * <p>Namespaced calls take the namespace explicitly; cluster-scoped kinds take "" . Objects passed
 * to writes are not modified; the stored object is returned.
 */
public interface Client extends AutoCloseable {

    /** The object, or empty when it does not exist. */
    <T extends HasMetadata> Optional<T> get(Kind<T> kind, String namespace, String name);

    /** One page (or everything when {@code request.limit()} is 0), with the list's resourceVersion. */
    <T extends HasMetadata> ObjectList<T> list(Kind<T> kind, String namespace, ListRequest request);

    /** POST; the namespace is the object's own (metadata.namespace), required for namespaced kinds. */
    <T extends HasMetadata> T create(Kind<T> kind, T object);

    /** PUT of the main resource; a set metadata.resourceVersion is a precondition (409 when stale). */
    <T extends HasMetadata> T update(Kind<T> kind, T object);

    /** PUT of the status subresource. */
    <T extends HasMetadata> T updateStatus(Kind<T> kind, T object);

    /**
     * PUT namespaces/NAME/finalize: replaces the namespace's spec.finalizers, which is how the namespace
     * controller releases an emptied namespace (upstream's Namespaces().Finalize()).
     */
    Namespace finalizeNamespace(Namespace namespace);

    /** PATCH of the main resource or, with {@link Patch#status()}, of its status subresource. */
    <T extends HasMetadata> T patch(Kind<T> kind, String namespace, String name, Patch patch);

    /**
     * DELETE with options (grace period, propagation policy, preconditions). Returns the object when
     * it still exists afterwards (graceful deletion, finalizers), empty once it is gone. 404 when it
     * did not exist.
     */
    <T extends HasMetadata> Optional<T> delete(Kind<T> kind, String namespace, String name, DeleteOptions options);

    /** POST pods/binding: assigns the pod (when it still has this uid, if given) to a node. */
    void bind(String namespace, String pod, String uid, String node);

    /** POST pods/eviction. */
    void evict(String namespace, String pod, DeleteOptions options);

    /**
     * Starts a watch; events reach {@code handler} on a thread of the transport's, in order. From
     * resourceVersion "" or "0" the current state comes first as ADDED events. The watch ends with
     * one {@link WatchHandler#onClose} call: on {@link WatchHandle#close()}, when the server ends it
     * (timeout) or with an error (410 Expired for a compacted resourceVersion: list again).
     */
    <T extends HasMetadata> WatchHandle watch(Kind<T> kind, String namespace, WatchRequest request, WatchHandler<T> handler);

    @Override
    void close();
}
