package dev.beluga.apiserver.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Finds the fields a decoded object did not know. The fabric8 model keeps them in each object's
 * additionalProperties instead of failing, so walking the decoded graph gives upstream's strict
 * decoding paths ({@code spec.containers[0].foo}) without a second parse of the body.
 *
 * <p>The walk runs on every write, so it is kept cheap: getters are called through generated
 * functions (not reflection, which checked access on every call), properties whose declared type can
 * hold no model object ({@code List<String>}, {@code Map<String, String>}) are not walked, and a path
 * is spelled out only where an unknown field is found.
 */
final class UnknownFields {
    /**
     * A model-typed, list or map property: its JSON name ("" for getAdditionalProperties) and its getter.
     */
    private record Property(String jsonName, Function<Object, Object> getter) {}

    /** Where a value sits in the object: a field of its parent, or an index or key below it. */
    private record Location(Location parent, String field, Object subscript) {
        static Location field(Location parent, String name) {
            return new Location(parent, name, null);
        }

        static Location subscript(Location parent, Object subscript) {
            return new Location(parent, null, subscript);
        }

        /** Upstream's path: fields joined by '.', list indexes and map keys in brackets. */
        static String text(Location location, String unknownField) {
            StringBuilder b = new StringBuilder();
            append(location, b);
            if (!b.isEmpty()) b.append('.');
            return b.append(unknownField).toString();
        }

        private static void append(Location location, StringBuilder b) {
            if (location == null) return;
            append(location.parent, b);
            if (location.field != null) {
                if (!b.isEmpty()) b.append('.');
                b.append(location.field);
            } else {
                b.append('[').append(location.subscript).append(']');
            }
        }
    }

    private static final Map<Class<?>, List<Property>> PROPERTIES = new ConcurrentHashMap<>();
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    private UnknownFields() {}

    /** Paths of every unknown field, removed from the object so that they are never stored (upstream drops them too). */
    static List<String> strip(Object root) {
        List<String> found = new ArrayList<>(0);
        walk(root, null, found);
        return found;
    }

    private static void walk(Object value, Location at, List<String> found) {
        if (value == null) return;
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) walk(item, Location.subscript(at, i++), found);
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getValue() instanceof KubernetesResource || e.getValue() instanceof Collection<?>) {
                    walk(e.getValue(), Location.subscript(at, e.getKey()), found);
                }
            }
            return;
        }
        if (!(value instanceof KubernetesResource)) return;
        for (Property p : properties(value.getClass())) {
            Object child = p.getter.apply(value);
            if (child == null) continue;
            if (p.jsonName.isEmpty()) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    for (Object key : extra.keySet()) found.add(Location.text(at, String.valueOf(key)));
                    extra.clear();
                }
            } else {
                walk(child, Location.field(at, p.jsonName), found);
            }
        }
    }

    /** Getters of model-typed properties (and of lists and maps that may hold them), plus getAdditionalProperties under the empty name. */
    private static List<Property> properties(Class<?> type) {
        List<Property> known = PROPERTIES.get(type);
        return known != null ? known : PROPERTIES.computeIfAbsent(type, UnknownFields::findProperties);
    }

    private static List<Property> findProperties(Class<?> type) {
        List<Property> out = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())) continue;
            if (m.getName().equals("getAdditionalProperties")) {
                out.add(new Property("", getter(type, m)));
                continue;
            }
            JsonProperty prop = m.getAnnotation(JsonProperty.class);
            if (prop == null || !m.getName().startsWith("get") && !m.getName().startsWith("is")) continue;
            Class<?> r = m.getReturnType();
            if (KubernetesResource.class.isAssignableFrom(r) || mayHoldModelObjects(r, m.getGenericReturnType())) {
                out.add(new Property(prop.value(), getter(type, m)));
            }
        }
        return List.copyOf(out);
    }

    /**
     * A list or map property, unless its declared elements (a list's items, a map's values) are of a
     * final class that is no model object, list or map: String, Integer, Boolean. Those items are
     * never walked into, so skipping the property finds the same fields.
     */
    private static boolean mayHoldModelObjects(Class<?> raw, Type generic) {
        int element;
        if (Collection.class.isAssignableFrom(raw)) {
            element = 0;
        } else if (Map.class.isAssignableFrom(raw)) {
            element = 1;
        } else {
            return false;
        }
        if (!(generic instanceof ParameterizedType p) || p.getActualTypeArguments().length <= element) return true;
        return !(p.getActualTypeArguments()[element] instanceof Class<?> c && holdsNothing(c));
    }

    private static boolean holdsNothing(Class<?> c) {
        return Modifier.isFinal(c.getModifiers()) && !KubernetesResource.class.isAssignableFrom(c)
                && !Collection.class.isAssignableFrom(c) && !Map.class.isAssignableFrom(c);
    }

    /** A function calling the getter directly (the JIT inlines it), as Jackson's Blackbird module does for bean properties. */
    @SuppressWarnings("unchecked")
    private static Function<Object, Object> getter(Class<?> type, Method m) {
        CallSite site;
        try {
            // Looked up on the class itself: a public getter may be declared by a superclass we cannot name.
            MethodHandle handle = LOOKUP.findVirtual(type, m.getName(), MethodType.methodType(m.getReturnType()));
            site = LambdaMetafactory.metafactory(LOOKUP, "apply", MethodType.methodType(Function.class),
                    MethodType.methodType(Object.class, Object.class), handle, MethodType.methodType(m.getReturnType(), type));
        } catch (ReflectiveOperationException | LambdaConversionException e) {
            return reflective(m);
        }
        try {
            return (Function<Object, Object>) site.getTarget().invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot make a getter for " + type.getName() + "." + m.getName(), e);
        }
    }

    /** A class we may not link against (not public): the reflective call; a getter that fails reads as absent. */
    private static Function<Object, Object> reflective(Method m) {
        return value -> {
            try {
                return m.invoke(value);
            } catch (ReflectiveOperationException failed) {
                return null;
            }
        };
    }
}
