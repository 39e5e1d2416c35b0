package dev.beluga.apiserver.openapi;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.patch.PatchStrategies;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.time.temporal.Temporal;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * OpenAPI schemas of fabric8 model classes, found by Jackson's own introspection (the properties
 * Jackson reads and writes, with their generic types), named as upstream names them. Every class
 * reached from a requested one is defined too, so references always resolve.
 */
final class ModelSchemas {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Strings fabric8 types as String that upstream types as metav1.MicroTime; other time strings are metav1.Time. */
    private static final Set<String> MICRO_TIME_FIELDS = Set.of("eventTime", "lastObservedTime", "acquireTime", "renewTime");
    private static final Set<String> TIME_FIELDS = Set.of("startedAt", "finishedAt", "time", "timeAdded");

    private final SchemaDialect dialect;
    private final SortedMap<String, ObjectNode> definitions = new TreeMap<>();
    private final Map<String, Class<?>> classes = new HashMap<>();
    private final Deque<Class<?>> pending = new ArrayDeque<>();

    ModelSchemas(SchemaDialect dialect) {
        this.dialect = dialect;
    }

    /** Defines {@code type} (and all it reaches) and returns its schema name. */
    String define(Class<?> type) {
        String name = SchemaName.of(type);
        Class<?> known = classes.putIfAbsent(name, type);
        if (known == null) {
            pending.add(type);
            drain();
        } else if (known != type) {
            throw new IllegalStateException(name + " names both " + known.getName() + " and " + type.getName());
        }
        return name;
    }

    /** Every definition so far, by name, sorted as upstream's documents are. */
    SortedMap<String, ObjectNode> definitions() {
        drain();
        return definitions;
    }

    private void drain() {
        while (!pending.isEmpty()) {
            Class<?> next = pending.poll();
            definitions.put(SchemaName.of(next), schemaOfClass(next));
        }
    }

    private ObjectNode schemaOfClass(Class<?> type) {
        String name = SchemaName.of(type);
        switch (name) {
            case SchemaName.QUANTITY -> { return dialect.quantity(); }
            case SchemaName.INT_OR_STRING -> { return dialect.intOrString(); }
            case SchemaName.TIME, SchemaName.MICRO_TIME -> { return dateTime(); }
            // free-form: managed fields and embedded objects are arbitrary JSON objects upstream too
            case SchemaName.FIELDS_V1, SchemaName.RAW_EXTENSION, SchemaName.PATCH -> { return SchemaDialect.typed("object"); }
            default -> { return bean(type, name); }
        }
    }

    private static ObjectNode dateTime() {
        ObjectNode out = SchemaDialect.typed("string");
        out.put("format", "date-time");
        return out;
    }

    private ObjectNode bean(Class<?> type, String name) {
        JavaType javaType = Json.MAPPER.constructType(type);
        BeanDescription description = Json.MAPPER.getSerializationConfig().introspect(javaType);
        ObjectNode out = NODES.objectNode();
        out.put("type", "object");
        ObjectNode properties = out.putObject("properties");
        description.findProperties().stream()
                .filter(p -> p.couldSerialize() && !p.isTypeId())
                .sorted(Comparator.comparing(BeanPropertyDefinition::getName))
                .forEach(p -> properties.set(p.getName(), property(type, p)));
        List<String> required = RequiredFields.of(name, KubernetesResourceList.class.isAssignableFrom(type)).stream()
                .filter(properties::has).toList();
        if (!required.isEmpty()) {
            ArrayNode array = out.putArray("required");
            required.forEach(array::add);
        }
        gvk(type).ifPresent(gvk -> out.putArray("x-kubernetes-group-version-kind").add(gvk.toJson()));
        return out;
    }

    /** The group, version and kind a top-level class is served as, from fabric8's annotations. */
    static Optional<Gvk> gvk(Class<?> type) {
        Group group = type.getAnnotation(Group.class);
        Version version = type.getAnnotation(Version.class);
        if (group == null || version == null || !KubernetesResource.class.isAssignableFrom(type)) return Optional.empty();
        return Optional.of(new Gvk(group.value(), version.value(), type.getSimpleName()));
    }

    private ObjectNode property(Class<?> owner, BeanPropertyDefinition p) {
        ObjectNode schema = typeSchema(p.getPrimaryType(), p.getName());
        Optional<PatchStrategies.PatchStrategy> strategy = PatchStrategies.lookup(owner, p.getName());
        if (strategy.isEmpty()) return schema;
        ObjectNode out = schema.has("$ref") ? dialect.refWithSiblings(refName(schema)) : schema;
        strategy.get().mergeKey().ifPresent(key -> out.put("x-kubernetes-patch-merge-key", key));
        out.put("x-kubernetes-patch-strategy", strategy.get().strategy());
        return out;
    }

    private String refName(JsonNode ref) {
        return ref.path("$ref").asText().substring(dialect.refPrefix.length());
    }

    private ObjectNode typeSchema(JavaType type, String fieldName) {
        Class<?> raw = type.getRawClass();
        if (raw == String.class) {
            if (MICRO_TIME_FIELDS.contains(fieldName)) return dialect.ref(define(io.fabric8.kubernetes.api.model.MicroTime.class));
            if (isTimeField(fieldName)) return timeRef();
            return SchemaDialect.typed("string");
        }
        if (raw == byte[].class) return formatted("string", "byte");
        if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class) return formatted("integer", "int32");
        if (raw == Long.class || raw == long.class) return formatted("integer", "int64");
        if (raw == Boolean.class || raw == boolean.class) return SchemaDialect.typed("boolean");
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) return formatted("number", "double");
        if (Temporal.class.isAssignableFrom(raw)) return dialect.ref(define(io.fabric8.kubernetes.api.model.MicroTime.class));
        if (raw.isEnum()) return SchemaDialect.typed("string");
        if (type.isCollectionLikeType() || type.isArrayType()) {
            ObjectNode out = SchemaDialect.typed("array");
            out.set("items", typeSchema(type.getContentType(), ""));
            return out;
        }
        if (type.isMapLikeType()) {
            ObjectNode out = SchemaDialect.typed("object");
            out.set("additionalProperties", typeSchema(type.getContentType(), ""));
            return out;
        }
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw) || raw.getSimpleName().equals("AnyType")) {
            // any JSON value: upstream leaves such schemas without a type
            return NODES.objectNode();
        }
        if (raw.isInterface()) return dialect.ref(define(io.fabric8.kubernetes.api.model.runtime.RawExtension.class));
        return dialect.ref(define(raw));
    }

    /** fabric8 has no class for metav1.Time (it uses String), so its definition is added by name. */
    private ObjectNode timeRef() {
        definitions.putIfAbsent(SchemaName.TIME, dateTime());
        return dialect.ref(SchemaName.TIME);
    }

    /** fabric8 types upstream's metav1.Time fields as String; the upstream names end in Time or Timestamp. */
    private static boolean isTimeField(String name) {
        return name.endsWith("Time") || name.endsWith("Timestamp") || TIME_FIELDS.contains(name);
    }

    private static ObjectNode formatted(String type, String format) {
        ObjectNode out = SchemaDialect.typed(type);
        out.put("format", format);
        return out;
    }
}
