package dev.beluga.apiserver.registry;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the fields a decoded object did not know. The fabric8 model keeps them in each object's
 * additionalProperties instead of failing, so walking the decoded graph gives upstream's strict
 * decoding paths ({@code spec.containers[0].foo}) without a second parse of the body.
 */
final class UnknownFields {
    private record Property(String jsonName, Method getter) {}

    private static final Map<Class<?>, List<Property>> PROPERTIES = new ConcurrentHashMap<>();

    private UnknownFields() {}

    /** Paths of every unknown field, removed from the object so that they are never stored (upstream drops them too). */
    static List<String> strip(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value == null) return;
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) walk(item, path + "[" + i++ + "]", found);
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getValue() instanceof KubernetesResource || e.getValue() instanceof Collection<?>) {
                    walk(e.getValue(), path + "[" + e.getKey() + "]", found);
                }
            }
            return;
        }
        if (!(value instanceof KubernetesResource)) return;
        for (Property p : properties(value.getClass())) {
            Object child;
            try {
                child = p.getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (p.jsonName.isEmpty()) {
                if (child instanceof Map<?, ?> extra) {
                    for (Object key : extra.keySet()) found.add(path.isEmpty() ? String.valueOf(key) : path + "." + key);
                    extra.clear();
                }
            } else {
                walk(child, path.isEmpty() ? p.jsonName : path + "." + p.jsonName, found);
            }
        }
    }

    /** Getters of model-typed properties, plus getAdditionalProperties under the empty name. */
    private static List<Property> properties(Class<?> type) {
        return PROPERTIES.computeIfAbsent(type, t -> {
            List<Property> out = new ArrayList<>();
            for (Method m : t.getMethods()) {
                if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())) continue;
                if (m.getName().equals("getAdditionalProperties")) {
                    out.add(new Property("", m));
                    continue;
                }
                var prop = m.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                if (prop == null || !m.getName().startsWith("get") && !m.getName().startsWith("is")) continue;
                Class<?> r = m.getReturnType();
                if (KubernetesResource.class.isAssignableFrom(r) || Collection.class.isAssignableFrom(r) || Map.class.isAssignableFrom(r)) {
                    out.add(new Property(prop.value(), m));
                }
            }
            return List.copyOf(out);
        });
    }
}
