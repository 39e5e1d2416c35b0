package dev.beluga.apiserver.client;

import dev.beluga.api.errors.StatusException;
import dev.beluga.api.selection.FieldSelector;
import dev.beluga.api.selection.LabelSelector;
import dev.beluga.apiserver.registry.DeleteRequest;
import dev.beluga.apiserver.registry.ListOptions;
import dev.beluga.apiserver.registry.ListResult;
import dev.beluga.apiserver.registry.ObjectCodec;
import dev.beluga.apiserver.registry.ObjectRegistry;
import dev.beluga.apiserver.registry.PatchDocument;
import dev.beluga.apiserver.registry.PodBinding;
import dev.beluga.apiserver.registry.PodEviction;
import dev.beluga.apiserver.registry.WriteOptions;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.ObjectList;
import dev.beluga.client.Patch;
import dev.beluga.client.WatchHandle;
import dev.beluga.client.WatchHandler;
import dev.beluga.client.WatchRequest;
import dev.beluga.storage.StorageException;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Client} of components running inside the API server's process (scheduler, controllers,
 * local and hollow kubelets): straight onto the {@link ObjectRegistry}, with the HTTP API's semantics
 * and errors but no HTTP and no JSON text. Writes hand model objects to the registry (copies: the
 * registry fills in metadata and defaults, and callers' objects must not change); reads decode the
 * stored bytes once into the Kind's model class. Authentication and authorization do not apply: the
 * caller is the server itself.
 *
 * <p>Failures are {@link StatusException}s as the HTTP API would answer them; a storage failure is a
 * 503 and anything unexpected a 500 (logged), so callers handle one exception type.
 */
public final class InProcessClient implements Client {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessClient.class);

    private final ObjectRegistry registry;
    private final PodBinding binding;
    private final PodEviction eviction;
    private final Set<InProcessWatch<?>> watches = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public InProcessClient(ObjectRegistry registry, Clock clock) {
        this.registry = registry;
        this.binding = new PodBinding(registry, clock);
        this.eviction = new PodEviction(registry);
    }

    @Override
    public <T extends HasMetadata> Optional<T> get(Kind<T> kind, String namespace, String name) {
        return call(() -> registry.find(kind.type(), scoped(kind, namespace), name).map(bytes -> ModelReaders.decode(kind, bytes)));
    }

    @Override
    public <T extends HasMetadata> ObjectList<T> list(Kind<T> kind, String namespace, ListRequest request) {
        return call(() -> {
            String ns = scopedOrAll(kind, namespace);
            ListOptions options = new ListOptions(LabelSelector.parse(request.labelSelector()), FieldSelector.parse(request.fieldSelector(), kind.type()),
                    Math.max(0, request.limit()), request.continueToken().isEmpty() ? Optional.empty() : Optional.of(request.continueToken()),
                    request.resourceVersion());
            ListResult result = registry.list(kind.type(), ns, options);
            List<T> items = new ArrayList<>(result.items().size());
            for (byte[] item : result.items()) items.add(ModelReaders.decode(kind, item));
            return new ObjectList<>(items, Long.toString(result.revision()), result.continueToken());
        });
    }

    @Override
    public <T extends HasMetadata> T create(Kind<T> kind, T object) {
        return call(() -> {
            HasMetadata copy = copyOf(kind, object);
            String ns = kind.namespaced() ? required(kind, namespaceOf(object)) : "";
            return ModelReaders.decode(kind, registry.create(kind.type(), ns, copy, WriteOptions.DEFAULT).body());
        });
    }

    @Override
    public <T extends HasMetadata> T update(Kind<T> kind, T object) {
        return write(kind, object, ObjectRegistry.Part.MAIN);
    }

    @Override
    public <T extends HasMetadata> T updateStatus(Kind<T> kind, T object) {
        return write(kind, object, ObjectRegistry.Part.STATUS);
    }

    @Override
    public Namespace finalizeNamespace(Namespace namespace) {
        return write(Kind.NAMESPACES, namespace, ObjectRegistry.Part.FINALIZE);
    }

    private <T extends HasMetadata> T write(Kind<T> kind, T object, ObjectRegistry.Part part) {
        return call(() -> {
            HasMetadata copy = copyOf(kind, object);
            String ns = kind.namespaced() ? required(kind, namespaceOf(object)) : "";
            String name = object.getMetadata() == null || object.getMetadata().getName() == null ? "" : object.getMetadata().getName();
            if (name.isEmpty()) throw StatusException.badRequest("name is required to update " + kind.type().resource());
            return ModelReaders.decode(kind, registry.update(kind.type(), ns, name, copy, part, WriteOptions.DEFAULT).body());
        });
    }

    @Override
    public <T extends HasMetadata> T patch(Kind<T> kind, String namespace, String name, Patch patch) {
        return call(() -> {
            String ns = scoped(kind, namespace);
            var function = PatchDocument.parse(patch.type().contentType(), patch.body().getBytes(StandardCharsets.UTF_8), kind.type());
            ObjectRegistry.Part part = patch.status() ? ObjectRegistry.Part.STATUS : ObjectRegistry.Part.MAIN;
            if (patch.status() && !kind.type().hasSubresource("status")) throw StatusException.notFoundPath("the server could not find the requested resource");
            return ModelReaders.decode(kind, registry.patch(kind.type(), ns, name, function, part, WriteOptions.DEFAULT).body());
        });
    }

    @Override
    public <T extends HasMetadata> Optional<T> delete(Kind<T> kind, String namespace, String name, DeleteOptions options) {
        return call(() -> switch (registry.deleteObject(kind.type(), scoped(kind, namespace), name, DeleteRequest.from(options))) {
            case ObjectRegistry.Deletion.Remains r -> Optional.of(ModelReaders.decode(kind, r.body()));
            case ObjectRegistry.Deletion.Gone g -> Optional.<T>empty();
        });
    }

    @Override
    public void bind(String namespace, String pod, String uid, String node) {
        call(() -> {
            binding.bind(new PodBinding.Request(required(Kind.PODS, namespace), pod, Optional.ofNullable(uid).filter(u -> !u.isEmpty()),
                    Optional.empty(), node == null ? "" : node, Map.of(), false));
            return null;
        });
    }

    @Override
    public void evict(String namespace, String pod, DeleteOptions options) {
        call(() -> {
            eviction.evict(required(Kind.PODS, namespace), pod, DeleteRequest.from(options));
            return null;
        });
    }

    /**
     * As over HTTP, a watch that cannot start (bad selector or resourceVersion, compacted
     * resourceVersion, storage failure) is not an exception of this call: it ends at once with
     * onClose(error), on the watch's own thread.
     */
    @Override
    public <T extends HasMetadata> WatchHandle watch(Kind<T> kind, String namespace, WatchRequest request, WatchHandler<T> handler) {
        InProcessWatch<T> watch = new InProcessWatch<>(kind, request.bookmarks(), handler, watches::remove);
        watches.add(watch);
        InProcessWatch.Start start;
        String ns = namespace == null ? "" : namespace;
        try {
            start = call(() -> {
                String scope = scopedOrAll(kind, ns);
                ListOptions selection = new ListOptions(LabelSelector.parse(request.labelSelector()),
                        FieldSelector.parse(request.fieldSelector(), kind.type()), 0, Optional.empty(), request.resourceVersion());
                return watch.open(registry, scope, selection);
            });
        } catch (StatusException e) {
            start = new InProcessWatch.Start.Failed(e);
        }
        watch.deliver(start, "watch-" + kind + (ns.isEmpty() ? "" : "-" + ns));
        return watch;
    }

    /** Ends the watches this client started (each with onClose(empty)); later calls get 503. */
    @Override
    public void close() {
        closed = true;
        for (InProcessWatch<?> w : List.copyOf(watches)) w.close();
    }

    // ---------------------------------------------------------------- helpers

    /** Registry failures as the HTTP API reports them. */
    private <R> R call(Supplier<R> operation) {
        if (closed) throw StatusException.serviceUnavailable("the in-process client is closed");
        try {
            return operation.get();
        } catch (StatusException e) {
            throw e;
        } catch (StorageException e) {
            throw dev.beluga.apiserver.registry.StorageFailure.status(e);
        } catch (RuntimeException e) {
            LOG.error("in-process call failed", e);
            throw StatusException.internal(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The object as the HTTP transport would send it: encoded and decoded again, so the registry works on a copy. */
    private static HasMetadata copyOf(Kind<?> kind, HasMetadata object) {
        if (object == null) throw StatusException.badRequest("the request body is empty");
        return ObjectCodec.fromClientJson(kind.type(), ObjectCodec.toJson(object));
    }

    private static String namespaceOf(HasMetadata object) {
        return object.getMetadata() == null || object.getMetadata().getNamespace() == null ? "" : object.getMetadata().getNamespace();
    }

    /** A call on one object: namespaced kinds need a namespace, cluster-scoped ones take none. */
    private static String scoped(Kind<?> kind, String namespace) {
        return kind.namespaced() ? required(kind, namespace) : clusterScoped(kind, namespace);
    }

    /** A list or watch: "" means all namespaces for namespaced kinds. */
    private static String scopedOrAll(Kind<?> kind, String namespace) {
        String ns = namespace == null ? "" : namespace;
        return kind.namespaced() ? ns : clusterScoped(kind, ns);
    }

    private static String required(Kind<?> kind, String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            throw StatusException.badRequest("a namespace is required for " + kind.type().resource());
        }
        return namespace;
    }

    private static String clusterScoped(Kind<?> kind, String namespace) {
        if (namespace != null && !namespace.isEmpty()) {
            throw StatusException.badRequest(kind.type().resource() + " are cluster-scoped; no namespace (\"" + namespace + "\") applies");
        }
        return "";
    }
}
