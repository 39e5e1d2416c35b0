package dev.beluga.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.admission.Defaulting;
import dev.beluga.api.admission.Validation;
import dev.beluga.api.errors.FieldError;
import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import dev.beluga.storage.CompactedException;
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.ListPage;
import dev.beluga.storage.Store;
import dev.beluga.storage.WriteResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Upstream's generic registry semantics for every resource on one {@link Store}: object metadata
 * (uid, timestamps, generation, generateName), admission (namespace lifecycle, defaulting,
 * validation), optimistic concurrency, status subresources, graceful deletion, finalizers and
 * propagation policies. Objects travel as fabric8 model objects on writes and as stored JSON bytes
 * (already carrying their resourceVersion) on reads, which are the hot path.
 */
public final class ObjectRegistry {
    /**
     * Upstream's GuaranteedUpdate retries a conflict for as long as it takes: a write without a client
     * precondition never answers 409 because another write won. 8 retries gave 409s to one in ten of 100
     * PATCHes/s on one ConfigMap under load; this bound only stops a spin should the store misbehave.
     */
    private static final int CONFLICT_RETRIES = 1_000;
    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

    private final Store store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final NamespaceTermination namespaces = new NamespaceTermination();

    public ObjectRegistry(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Store store() {
        return store;
    }

    // ---------------------------------------------------------------- reads

    public Optional<byte[]> find(ResourceType type, String namespace, String name) {
        return store.get(type.key(namespace, name)).map(KeyValue::value);
    }

    public byte[] get(ResourceType type, String namespace, String name) {
        return find(type, namespace, name).orElseThrow(() -> StatusException.notFound(type.group(), type.resource(), name));
    }

    public HasMetadata getObject(ResourceType type, String namespace, String name) {
        return ObjectCodec.fromStored(type, get(type, namespace, name));
    }

    /** Prefix of the keys a list in {@code namespace} ("" = all namespaces) reads. */
    public static String prefix(ResourceType type, String namespace) {
        return type.namespaced() && !namespace.isEmpty() ? type.keyPrefix() + namespace + "/" : type.keyPrefix();
    }

    public ListResult list(ResourceType type, String namespace, ListOptions options) {
        String prefix = prefix(type, namespace);
        long revision = 0;
        String startAfter = "";
        if (options.continueToken().isPresent() && !options.continueToken().get().isEmpty()) {
            ContinueToken token = ContinueToken.decode(options.continueToken().get());
            revision = token.revision();
            startAfter = prefix + token.startAfter();
        }
        List<byte[]> items = new ArrayList<>();
        boolean filter = !options.selectsEverything();
        int limit = options.limit();
        try {
            while (true) {
                int want = limit <= 0 ? 0 : Math.max(limit - items.size(), filter ? 64 : 1);
                ListPage page = store.list(prefix, revision, startAfter, want);
                revision = page.revision();
                for (KeyValue kv : page.items()) {
                    startAfter = kv.key();
                    if (filter && !matches(options, ObjectCodec.treeOfStored(kv.value()))) continue;
                    items.add(kv.value());
                    if (limit > 0 && items.size() == limit) {
                        boolean more = page.more() || kv != page.items().getLast();
                        return new ListResult(items, revision, more ? new ContinueToken(revision, startAfter.substring(prefix.length())).encode() : "");
                    }
                }
                if (!page.more()) return new ListResult(items, revision, "");
            }
        } catch (CompactedException e) {
            throw StatusException.expired("The provided continue parameter is too old to display a consistent list result. "
                    + "You can start a new list without the continue parameter.");
        }
    }

    public static boolean matches(ListOptions options, JsonNode object) {
        return options.labels().matches(object) && options.fields().matches(object);
    }

    // ---------------------------------------------------------------- create

    public Written create(ResourceType type, String namespace, HasMetadata obj, WriteOptions options) {
        ObjectMeta meta = metadataOf(obj);
        List<String> warnings = checkUnknownFields(type, obj, options.fieldValidation());
        if (type.namespaced()) {
            if (meta.getNamespace() != null && !meta.getNamespace().isEmpty() && !meta.getNamespace().equals(namespace)) {
                throw StatusException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            meta.setNamespace(namespace);
            admitIntoNamespace(namespace);
        } else {
            meta.setNamespace(null);
        }
        if (meta.getResourceVersion() != null && !meta.getResourceVersion().isEmpty()) {
            throw StatusException.badRequest("resourceVersion should not be set on objects to be created");
        }
        if ((meta.getName() == null || meta.getName().isEmpty()) && meta.getGenerateName() != null && !meta.getGenerateName().isEmpty()) {
            meta.setName(meta.getGenerateName() + randomSuffix());
        }
        meta.setUid(UUID.randomUUID().toString());
        meta.setCreationTimestamp(now());
        meta.setDeletionTimestamp(null);
        meta.setDeletionGracePeriodSeconds(null);
        meta.setManagedFields(null);
        meta.setSelfLink(null);
        meta.setGeneration(ObjectParts.tracksGeneration(type) ? 1L : null);
        if (ObjectParts.resetsStatusOnCreate(type)) ObjectParts.clearStatus(obj);
        Defaulting.apply(obj);
        invalidIfAny(type, meta.getName(), Validation.validateCreate(type, obj));
        byte[] bytes = ObjectCodec.toStored(obj);
        if (options.dryRun()) return new Written(201, bytes, warnings);
        WriteResult r = store.create(type.key(namespace, meta.getName()), bytes);
        return switch (r) {
            case WriteResult.Ok ok -> {
                if (type == ResourceRegistry.NAMESPACES) ensureDefaultServiceAccount(meta.getName());
                yield new Written(201, ok.kv().value(), warnings);
            }
            case WriteResult.AlreadyExists ignored -> throw StatusException.alreadyExists(type.group(), type.resource(), meta.getName());
            default -> throw StatusException.internal("unexpected store answer to create: " + r);
        };
    }

    /** NamespaceLifecycle admission: no new content in a missing or terminating namespace. */
    private void admitIntoNamespace(String namespace) {
        // As upstream's NamespaceLifecycle: the cached namespace first (its lister), a live read only when the
        // cache has none, so a namespace created a moment ago is still found. Saves one etcd round trip per create.
        String key = ResourceRegistry.NAMESPACES.key("", namespace);
        Optional<KeyValue> ns = store.peek(key).or(() -> store.get(key));
        if (ns.isEmpty()) throw StatusException.notFound("", "namespaces", namespace);
        if (namespaces.terminating(ns.get())) {
            throw StatusException.forbidden("", "namespaces", namespace,
                    "unable to create new content in namespace " + namespace + " because it is being terminated");
        }
    }

    /** Upstream's service account controller gives every namespace a "default" account; kubectl and pods expect it. */
    public void ensureDefaultServiceAccount(String namespace) {
        ResourceType sa = ResourceRegistry.SERVICEACCOUNTS;
        if (find(sa, namespace, "default").isPresent()) return;
        ServiceAccount account = new ServiceAccount();
        account.setApiVersion("v1");
        account.setKind("ServiceAccount");
        account.setMetadata(new ObjectMeta());
        account.getMetadata().setName("default");
        try {
            create(sa, namespace, account, WriteOptions.DEFAULT);
        } catch (StatusException e) {
            if (e.code() != 409 && e.code() != 403) throw e;
        }
    }

    // ---------------------------------------------------------------- update, patch, status

    /** Which part of the object a write may change. */
    public enum Part { MAIN, STATUS, FINALIZE }

    /** PUT of a whole object. */
    public Written update(ResourceType type, String namespace, String name, HasMetadata obj, Part part, WriteOptions options) {
        ObjectMeta meta = metadataOf(obj);
        if (meta.getName() != null && !meta.getName().isEmpty() && !meta.getName().equals(name)) {
            throw StatusException.badRequest("the name of the object (" + meta.getName() + ") does not match the name on the URL (" + name + ")");
        }
        if (type.namespaced() && meta.getNamespace() != null && !meta.getNamespace().isEmpty() && !meta.getNamespace().equals(namespace)) {
            throw StatusException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        List<String> warnings = checkUnknownFields(type, obj, options.fieldValidation());
        String precondition = meta.getResourceVersion() == null ? "" : meta.getResourceVersion();
        return mutate(type, namespace, name, precondition, part, options, warnings, 200, current -> obj);
    }

    /** A patch: applied to the current object, then written like an update (retried when a concurrent write wins). */
    public Written patch(ResourceType type, String namespace, String name, UnaryOperator<JsonNode> patch, Part part, WriteOptions options) {
        List<String> warnings = new ArrayList<>();
        return mutate(type, namespace, name, "", part, options, warnings, 200, current -> {
            JsonNode before = dev.beluga.api.codec.Json.MAPPER.valueToTree(current);
            JsonNode after = patch.apply(before.deepCopy());
            HasMetadata patched = ObjectCodec.fromClient(type, after);
            warnings.clear();
            warnings.addAll(checkUnknownFields(type, patched, options.fieldValidation()));
            String rvBefore = before.path("metadata").path("resourceVersion").asText("");
            String rvAfter = patched.getMetadata() == null || patched.getMetadata().getResourceVersion() == null ? "" : patched.getMetadata().getResourceVersion();
            if (!rvAfter.isEmpty() && !rvAfter.equals(rvBefore)) {
                throw StatusException.conflict(type.group(), type.resource(), name,
                        "the object has been modified; please apply your changes to the latest version and try again");
            }
            return patched;
        });
    }

    /**
     * Reads the current object, lets {@code change} produce the desired one, applies the part's rules,
     * admission and the generation bump, and writes it conditioned on the read revision. A conflict is
     * retried unless the client pinned a resourceVersion.
     */
    public Written mutate(ResourceType type, String namespace, String name, String precondition, Part part, WriteOptions options,
                          List<String> warnings, int okCode, UnaryOperator<HasMetadata> change) {
        String key = type.key(namespace, name);
        for (int attempt = 0; ; attempt++) {
            KeyValue kv = store.get(key).orElseThrow(() -> StatusException.notFound(type.group(), type.resource(), name));
            HasMetadata old = ObjectCodec.fromStored(type, kv.value());
            String currentVersion = old.getMetadata().getResourceVersion();
            if (!precondition.isEmpty() && !precondition.equals(currentVersion)) {
                throw StatusException.conflict(type.group(), type.resource(), name,
                        "the object has been modified; please apply your changes to the latest version and try again");
            }
            HasMetadata desired = change.apply(ObjectCodec.fromStored(type, kv.value()));
            HasMetadata next = merge(type, old, desired, part);
            if (part == Part.MAIN) Defaulting.apply(next);
            List<FieldError> errors = part == Part.STATUS ? Validation.validateStatusUpdate(type, next, old) : Validation.validateUpdate(type, next, old);
            invalidIfAny(type, name, errors);
            if (part == Part.MAIN && ObjectParts.tracksGeneration(type) && !ObjectParts.sameSpec(old, next)) {
                long generation = old.getMetadata().getGeneration() == null ? 0 : old.getMetadata().getGeneration();
                next.getMetadata().setGeneration(generation + 1);
            }
            byte[] bytes = ObjectCodec.toStored(next);
            if (java.util.Arrays.equals(bytes, ObjectCodec.toStored(old))) return new Written(okCode, kv.value(), warnings);
            if (options.dryRun()) return new Written(okCode, bytes, warnings);
            WriteResult r = deletable(next) ? store.delete(key, kv.modRevision()) : store.update(key, bytes, kv.modRevision());
            switch (r) {
                case WriteResult.Ok ok -> {
                    return new Written(okCode, ok.kv().value(), warnings);
                }
                case WriteResult.NotFound nf -> throw StatusException.notFound(type.group(), type.resource(), name);
                case WriteResult.Conflict c -> {
                    if (!precondition.isEmpty() || attempt >= CONFLICT_RETRIES) {
                        throw StatusException.conflict(type.group(), type.resource(), name,
                                "the object has been modified; please apply your changes to the latest version and try again");
                    }
                }
                case WriteResult.AlreadyExists ae -> throw StatusException.internal("unexpected store answer to update");
            }
        }
    }

    /** What of {@code desired} a write of {@code part} keeps; the rest comes from {@code old}. */
    private HasMetadata merge(ResourceType type, HasMetadata old, HasMetadata desired, Part part) {
        return switch (part) {
            case MAIN -> {
                ObjectMeta m = metadataOf(desired);
                ObjectMeta o = old.getMetadata();
                if (m.getUid() != null && !m.getUid().isEmpty() && !m.getUid().equals(o.getUid())) {
                    throw StatusException.conflict(type.group(), type.resource(), o.getName(),
                            "Precondition failed: UID in precondition: " + m.getUid() + ", UID in object meta: " + o.getUid());
                }
                m.setName(o.getName());
                m.setNamespace(o.getNamespace());
                m.setUid(o.getUid());
                m.setCreationTimestamp(o.getCreationTimestamp());
                m.setDeletionTimestamp(o.getDeletionTimestamp());
                m.setDeletionGracePeriodSeconds(o.getDeletionGracePeriodSeconds());
                m.setGeneration(o.getGeneration());
                m.setGenerateName(m.getGenerateName() == null ? o.getGenerateName() : m.getGenerateName());
                m.setManagedFields(null);
                m.setSelfLink(null);
                m.setResourceVersion(o.getResourceVersion());
                if (type.hasSubresource("status")) ObjectParts.copyStatus(old, desired);
                yield desired;
            }
            case STATUS -> {
                HasMetadata next = ObjectCodec.fromStored(type, ObjectCodec.toStored(old));
                next.getMetadata().setResourceVersion(old.getMetadata().getResourceVersion());
                ObjectParts.copyStatus(desired, next);
                yield next;
            }
            case FINALIZE -> {
                Namespace next = (Namespace) ObjectCodec.fromStored(type, ObjectCodec.toStored(old));
                Namespace wanted = (Namespace) desired;
                next.getSpec().setFinalizers(wanted.getSpec() == null ? List.of() : wanted.getSpec().getFinalizers());
                yield next;
            }
        };
    }

    /** An object being deleted whose finalizers are all gone and whose grace period is over goes for good. */
    private static boolean deletable(HasMetadata obj) {
        ObjectMeta m = obj.getMetadata();
        if (m.getDeletionTimestamp() == null) return false;
        if (m.getFinalizers() != null && !m.getFinalizers().isEmpty()) return false;
        if (obj instanceof Namespace ns && ns.getSpec() != null && ns.getSpec().getFinalizers() != null && !ns.getSpec().getFinalizers().isEmpty()) {
            return false;
        }
        return m.getDeletionGracePeriodSeconds() == null || m.getDeletionGracePeriodSeconds() == 0;
    }

    // ---------------------------------------------------------------- delete

    public Written delete(ResourceType type, String namespace, String name, DeleteRequest request) {
        return new Written(200, deleteObject(type, namespace, name, request).body(), List.of());
    }

    /** What a delete did: removed the object (body = its last state) or marked it, waiting for grace or finalizers. */
    public sealed interface Deletion {
        byte[] body();

        record Gone(byte[] body) implements Deletion {}

        record Remains(byte[] body) implements Deletion {}
    }

    public Deletion deleteObject(ResourceType type, String namespace, String name, DeleteRequest request) {
        String key = type.key(namespace, name);
        for (int attempt = 0; ; attempt++) {
            KeyValue kv = store.get(key).orElseThrow(() -> StatusException.notFound(type.group(), type.resource(), name));
            HasMetadata current = ObjectCodec.fromStored(type, kv.value());
            ObjectMeta m = current.getMetadata();
            request.preconditionUid().filter(uid -> !uid.equals(m.getUid())).ifPresent(uid -> {
                throw StatusException.conflict(type.group(), type.resource(), name,
                        "Precondition failed: UID in precondition: " + uid + ", UID in object meta: " + m.getUid());
            });
            request.preconditionVersion().filter(rv -> !rv.equals(m.getResourceVersion())).ifPresent(rv -> {
                throw StatusException.conflict(type.group(), type.resource(), name,
                        "Precondition failed: ResourceVersion in precondition: " + rv + ", ResourceVersion in object meta: " + m.getResourceVersion());
            });
            long grace = gracePeriod(current, request);
            List<String> finalizers = new ArrayList<>(m.getFinalizers() == null ? List.of() : m.getFinalizers());
            request.propagation().ifPresent(p -> {
                String f = switch (p) {
                    case ORPHAN -> "orphan";
                    case FOREGROUND -> "foregroundDeletion";
                    case BACKGROUND -> "";
                };
                if (!f.isEmpty() && !finalizers.contains(f) && m.getDeletionTimestamp() == null) finalizers.add(f);
            });
            // Marked for deletion: with no grace and no finalizers it goes now; otherwise it stays until the kubelet
            // confirms (pods) or the finalizers' owners remove their finalizers.
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            if (m.getDeletionTimestamp() != null) {
                long remaining = m.getDeletionGracePeriodSeconds() == null ? 0 : m.getDeletionGracePeriodSeconds();
                if (grace >= remaining) return new Deletion.Remains(kv.value());
            }
            HasMetadata next = ObjectCodec.fromStored(type, kv.value());
            next.getMetadata().setFinalizers(finalizers.isEmpty() ? null : finalizers);
            next.getMetadata().setDeletionTimestamp(now.plusSeconds(grace).toString());
            next.getMetadata().setDeletionGracePeriodSeconds(grace);
            if (next instanceof Namespace ns) {
                if (ns.getStatus() == null) ns.setStatus(new io.fabric8.kubernetes.api.model.NamespaceStatus());
                ns.getStatus().setPhase("Terminating");
            }
            boolean gone = deletable(next);
            if (request.dryRun()) return gone ? new Deletion.Gone(kv.value()) : new Deletion.Remains(ObjectCodec.toStored(next));
            WriteResult r = gone ? store.delete(key, kv.modRevision()) : store.update(key, ObjectCodec.toStored(next), kv.modRevision());
            switch (r) {
                case WriteResult.Ok ok -> {
                    return gone ? new Deletion.Gone(ok.kv().value()) : new Deletion.Remains(ok.kv().value());
                }
                case WriteResult.NotFound nf -> throw StatusException.notFound(type.group(), type.resource(), name);
                default -> {
                    if (attempt >= CONFLICT_RETRIES) throw StatusException.conflict(type.group(), type.resource(), name, "the object kept changing");
                }
            }
        }
    }

    /** Pods default to their terminationGracePeriodSeconds; unscheduled and finished pods, and everything else, go at once. */
    private static long gracePeriod(HasMetadata obj, DeleteRequest request) {
        if (!(obj instanceof Pod pod)) return 0;
        long grace = request.gracePeriodSeconds().orElseGet(() -> pod.getSpec().getTerminationGracePeriodSeconds() == null
                ? 30L : pod.getSpec().getTerminationGracePeriodSeconds());
        if (grace < 0) grace = 1;
        String node = pod.getSpec().getNodeName();
        String phase = pod.getStatus() == null ? "" : String.valueOf(pod.getStatus().getPhase());
        if (node == null || node.isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) return 0;
        return grace;
    }

    public List<byte[]> deleteCollection(ResourceType type, String namespace, ListOptions options, DeleteRequest request) {
        List<byte[]> deleted = new ArrayList<>();
        for (byte[] item : list(type, namespace, new ListOptions(options.labels(), options.fields(), 0, Optional.empty(), "")).items()) {
            JsonNode meta = ObjectCodec.treeOfStored(item).path("metadata");
            try {
                deleted.add(delete(type, meta.path("namespace").asText(""), meta.path("name").asText(), request).body());
            } catch (StatusException e) {
                if (e.code() != 404) throw e;
            }
        }
        return deleted;
    }

    // ---------------------------------------------------------------- helpers

    private List<String> checkUnknownFields(ResourceType type, HasMetadata obj, FieldValidation mode) {
        List<String> unknown = UnknownFields.strip(obj);
        if (unknown.isEmpty() || mode == FieldValidation.IGNORE) return List.of();
        if (mode == FieldValidation.STRICT) {
            throw StatusException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a " + type.kind()
                    + ": strict decoding error: " + String.join(", ", unknown.stream().map(f -> "unknown field \"" + f + "\"").toList()));
        }
        return unknown.stream().map(f -> "unknown field \"" + f + "\"").toList();
    }

    private static void invalidIfAny(ResourceType type, String name, List<FieldError> errors) {
        if (!errors.isEmpty()) throw StatusException.invalid(type.group(), type.kind(), name == null ? "" : name, errors);
    }

    private static ObjectMeta metadataOf(HasMetadata obj) {
        if (obj.getMetadata() == null) obj.setMetadata(new ObjectMeta());
        return obj.getMetadata();
    }

    /** The creation time's text, formatted once per second rather than once per write. */
    private record Second(long epochSecond, String text) {}

    private volatile Second second = new Second(Long.MIN_VALUE, "");

    private String now() {
        Instant t = clock.instant();
        Second s = second;
        if (s.epochSecond() != t.getEpochSecond()) {
            s = new Second(t.getEpochSecond(), t.truncatedTo(ChronoUnit.SECONDS).toString());
            second = s;
        }
        return s.text();
    }

    private String randomSuffix() {
        StringBuilder sb = new StringBuilder(5);
        for (int i = 0; i < 5; i++) sb.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        return sb.toString();
    }
}
