package dev.beluga.apiserver.registry;

import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The spec and status halves of model objects, reached the same way for every kind. */
final class ObjectParts {
    private record Accessors(Optional<Method> getSpec, Optional<Method> getStatus, Optional<Method> setStatus) {}

    private static final Map<Class<?>, Accessors> ACCESSORS = new ConcurrentHashMap<>();
    private ObjectParts() {}

    /** Kinds whose metadata.generation tracks spec changes. */
    static boolean tracksGeneration(ResourceType type) {
        // Kinds whose controllers report observedGeneration. Identity, not a Set: ResourceType is a record whose hash walks all its fields.
        return type == ResourceRegistry.PODS || type == ResourceRegistry.DEPLOYMENTS || type == ResourceRegistry.REPLICASETS
                || type == ResourceRegistry.STATEFULSETS;
    }

    /** Status is the system's to write: a create starts from none (nodes report theirs as they register). */
    static boolean resetsStatusOnCreate(ResourceType type) {
        return type.hasSubresource("status") && type != ResourceRegistry.NODES;
    }

    static boolean sameSpec(HasMetadata a, HasMetadata b) {
        Optional<Method> spec = accessors(a.getClass()).getSpec();
        return spec.isEmpty() || Objects.equals(invoke(spec.get(), a), invoke(spec.get(), b));
    }

    static void clearStatus(HasMetadata obj) {
        accessors(obj.getClass()).setStatus().ifPresent(m -> invoke(m, obj, (Object) null));
    }

    static void copyStatus(HasMetadata from, HasMetadata to) {
        Accessors a = accessors(from.getClass());
        if (a.getStatus().isPresent() && a.setStatus().isPresent()) invoke(a.setStatus().get(), to, invoke(a.getStatus().get(), from));
    }

    private static Accessors accessors(Class<?> type) {
        return ACCESSORS.computeIfAbsent(type, t -> {
            Optional<Method> getSpec = method(t, "getSpec");
            Optional<Method> getStatus = method(t, "getStatus");
            Optional<Method> setStatus = getStatus.flatMap(g -> method(t, "setStatus", g.getReturnType()));
            return new Accessors(getSpec, getStatus, setStatus);
        });
    }

    private static Optional<Method> method(Class<?> t, String name, Class<?>... params) {
        try {
            return Optional.of(t.getMethod(name, params));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    private static Object invoke(Method m, Object target, Object... args) {
        try {
            return m.invoke(target, args);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("model accessor " + m + " failed", e);
        }
    }
}
