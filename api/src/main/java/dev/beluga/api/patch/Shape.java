package dev.beluga.api.patch;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.beluga.api.codec.Json;
import dev.beluga.api.patch.PatchStrategies.PatchStrategy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a strategic merge knows about a value's place in the model: a fabric8 struct (named fields,
 * some with a patch strategy), a map with arbitrary keys (labels, resources.limits) whose values share
 * one shape, or opaque (no model information: merged as plain maps, lists replaced).
 */
sealed interface Shape {

    /** The shape of a value at {@code field} of this one; for a list, the shape of its items. */
    Shape child(String field);

    /** The patch strategy of {@code field}; structs only. */
    default Optional<PatchStrategy> strategy(String field) {
        return Optional.empty();
    }

    /** The shape of a value of the given model class. */
    static Shape of(Class<?> type) {
        return of(Json.MAPPER.constructType(type));
    }

    static Shape of(JavaType type) {
        if (type.isCollectionLikeType() || type.isArrayType()) return of(type.getContentType());
        if (type.isMapLikeType()) return new MapOf(of(type.getContentType()));
        Class<?> raw = type.getRawClass();
        return raw.getName().startsWith("io.fabric8.") && !raw.isEnum() ? Struct.of(raw) : Opaque.INSTANCE;
    }

    record Struct(Class<?> type, Map<String, JavaType> fields) implements Shape {
        private static final Map<Class<?>, Struct> CACHE = new ConcurrentHashMap<>();

        static Struct of(Class<?> type) {
            return CACHE.computeIfAbsent(type, Struct::introspect);
        }

        private static Struct introspect(Class<?> type) {
            JavaType javaType = Json.MAPPER.constructType(type);
            Map<String, JavaType> fields = new HashMap<>();
            for (BeanPropertyDefinition p : Json.MAPPER.getSerializationConfig().introspect(javaType).findProperties()) {
                fields.put(p.getName(), p.getPrimaryType());
            }
            return new Struct(type, Map.copyOf(fields));
        }

        @Override
        public Shape child(String field) {
            JavaType t = fields.get(field);
            return t == null ? Opaque.INSTANCE : Shape.of(t);
        }

        @Override
        public Optional<PatchStrategy> strategy(String field) {
            return PatchStrategies.lookup(type, field);
        }
    }

    record MapOf(Shape values) implements Shape {
        @Override
        public Shape child(String field) {
            return values;
        }
    }

    enum Opaque implements Shape {
        INSTANCE;

        @Override
        public Shape child(String field) {
            return INSTANCE;
        }
    }
}
