package dev.beluga.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.patch.PatchStrategies.PatchStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kubernetes strategic merge patch ({@code application/strategic-merge-patch+json}), what kubectl
 * apply, patch, edit, label, annotate and scale send. Maps merge recursively and {@code null} deletes;
 * lists follow the field's {@link PatchStrategies strategy}: lists of objects merge by merge key,
 * primitive lists with strategy merge merge as sets, all other lists are replaced.
 *
 * <p>Directives, as upstream's strategicpatch with MergeParallelList: {@code $patch: replace|delete}
 * in a map or as a list item ({@code merge} is accepted as a no-op), {@code $retainKeys},
 * {@code $setElementOrder/<field>} and {@code $deleteFromPrimitiveList/<field>}. Values the original
 * lacks are taken from the patch with nulls and directives removed.
 */
public final class StrategicMergePatch {
    static final String PATCH = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String SET_ELEMENT_ORDER = "$setElementOrder/";
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

    static final String BAD_RETAIN_KEYS = "invalid patch format of retainKeys";
    static final String BAD_PRIMITIVE_LIST = "invalid patch format of primitive list";
    static final String BAD_SET_ELEMENT_ORDER = "invalid patch format of setElementOrder list";
    static final String LIST_OF_LISTS = "lists of lists are not supported";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StrategicMergePatch() {}

    /**
     * The patched object; neither argument is modified.
     *
     * @param type the fabric8 model class of the object, whose structure gives each list's strategy; a
     *             class outside the model (e.g. {@code Object.class}) merges maps and replaces lists
     */
    public static JsonNode apply(JsonNode original, JsonNode patch, Class<?> type) {
        if (!patch.isObject()) throw PatchRejections.malformed(PatchRejections.notAnObject(PatchRejections.goKind(patch)));
        ObjectNode start = original != null && original.isObject() ? ((ObjectNode) original).deepCopy() : NODES.objectNode();
        return mergeMap(start, (ObjectNode) patch, Shape.of(type));
    }

    /** Merges {@code patch} into {@code original}, which this call owns and may change. */
    private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, Shape shape) {
        JsonNode directive = patch.get(PATCH);
        if (directive != null) {
            switch (directive.asText()) {
                case "replace" -> {
                    ObjectNode withoutDirective = patch.deepCopy();
                    withoutDirective.remove(PATCH);
                    return mergeMap(NODES.objectNode(), withoutDirective, shape);
                }
                case "delete" -> {
                    return NODES.objectNode();
                }
                case "merge" -> { }
                default -> throw badPatchType(directive, patch);
            }
        }
        retainKeys(original, patch);

        Map<String, JsonNode> serverLists = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                deleteFromPrimitiveList(original, key.substring(DELETE_FROM_PRIMITIVE_LIST.length()), e.getValue());
            } else if (key.startsWith(SET_ELEMENT_ORDER)) {
                String field = key.substring(SET_ELEMENT_ORDER.length());
                serverLists.put(field, original.get(field));
            }
        }

        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (isDirective(key)) continue;
            JsonNode value = e.getValue();
            if (value.isNull()) {
                original.remove(key);
                continue;
            }
            Shape child = shape.child(key);
            Optional<PatchStrategy> strategy = shape.strategy(key);
            JsonNode existing = original.get(key);
            if (existing == null || existing.isNull() || existing.isObject() != value.isObject() || existing.isArray() != value.isArray()) {
                original.set(key, fresh(value, child, strategy));
            } else if (value.isObject()) {
                boolean replaces = strategy.map(PatchStrategy::replaces).orElse(false);
                original.set(key, replaces ? fresh(value, child, strategy) : mergeMap((ObjectNode) existing, (ObjectNode) value, child));
            } else if (value.isArray()) {
                original.set(key, mergeList((ArrayNode) existing, (ArrayNode) value, child, strategy));
            } else {
                original.set(key, value.deepCopy());
            }
        }

        for (Map.Entry<String, JsonNode> e : serverLists.entrySet()) {
            setElementOrder(original, e.getKey(), patch.get(SET_ELEMENT_ORDER + e.getKey()), e.getValue(), shape);
        }
        return original;
    }

    private static boolean isDirective(String key) {
        return key.equals(PATCH) || key.equals(RETAIN_KEYS) || key.startsWith(SET_ELEMENT_ORDER) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    }

    /** A patch value for a field the original lacks: nulls and directives resolved against nothing. */
    private static JsonNode fresh(JsonNode value, Shape shape, Optional<PatchStrategy> strategy) {
        if (value.isObject()) return mergeMap(NODES.objectNode(), (ObjectNode) value, shape);
        if (value.isArray()) return mergeList(NODES.arrayNode(), (ArrayNode) value, shape, strategy);
        return value.deepCopy();
    }

    /** {@code $retainKeys}: the original keeps only the listed fields; the patch may set no others. */
    private static void retainKeys(ObjectNode original, ObjectNode patch) {
        JsonNode list = patch.get(RETAIN_KEYS);
        if (list == null) return;
        if (!list.isArray()) throw PatchRejections.malformed(BAD_RETAIN_KEYS);
        Set<String> keep = new HashSet<>();
        for (JsonNode k : list) {
            if (!k.isTextual()) throw PatchRejections.malformed(BAD_RETAIN_KEYS);
            keep.add(k.asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull() || isDirective(e.getKey())) continue;
            if (!keep.contains(e.getKey())) throw PatchRejections.malformed(BAD_RETAIN_KEYS);
        }
        original.retain(keep);
    }

    private static void deleteFromPrimitiveList(ObjectNode original, String field, JsonNode toDelete) {
        if (!toDelete.isArray()) throw PatchRejections.malformed(BAD_PRIMITIVE_LIST);
        JsonNode existing = original.get(field);
        if (existing == null || !existing.isArray()) return;
        ArrayNode kept = NODES.arrayNode();
        for (JsonNode item : existing) {
            boolean deleted = false;
            for (JsonNode d : toDelete) {
                if (JsonEquality.same(item, d)) {
                    deleted = true;
                    break;
                }
            }
            if (!deleted) kept.add(item);
        }
        original.set(field, kept);
    }

    private static JsonNode mergeList(ArrayNode original, ArrayNode patch, Shape items, Optional<PatchStrategy> strategy) {
        if (strategy.isEmpty() || !strategy.get().merges()) return replaceList(patch, items);
        boolean objects = false;
        for (JsonNode n : original) {
            if (n.isArray()) throw PatchRejections.unprocessable(LIST_OF_LISTS);
            objects |= n.isObject();
        }
        for (JsonNode n : patch) {
            if (n.isArray()) throw PatchRejections.unprocessable(LIST_OF_LISTS);
            objects |= n.isObject();
        }
        if (!objects) return mergePrimitives(original, patch);
        Optional<String> mergeKey = strategy.get().mergeKey();
        if (mergeKey.isEmpty()) return replaceList(patch, items);
        return mergeObjects(original, patch, items, mergeKey.get());
    }

    private static ArrayNode replaceList(ArrayNode patch, Shape items) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode n : patch) {
            out.add(n.isObject() ? mergeMap(NODES.objectNode(), (ObjectNode) n, items) : n.deepCopy());
        }
        return out;
    }

    private static ArrayNode mergePrimitives(ArrayNode original, ArrayNode patch) {
        ElementOrder order = new ElementOrder(Optional.empty());
        List<JsonNode> merged = new ArrayList<>();
        for (JsonNode n : original) {
            if (order.indexIn(merged, n) < 0) merged.add(n);
        }
        for (JsonNode n : patch) {
            if (order.indexIn(merged, n) < 0) merged.add(n.deepCopy());
        }
        return toArray(order.apply(merged, elements(patch), elements(original)));
    }

    private static ArrayNode mergeObjects(ArrayNode original, ArrayNode patch, Shape items, String mergeKey) {
        List<JsonNode> merged = elements(original);
        List<JsonNode> patchItems = new ArrayList<>();
        boolean replace = false;
        for (JsonNode item : patch) {
            if (!item.isObject()) {
                throw PatchRejections.malformed("expected a map, but received a " + PatchRejections.goKind(item) + " in list " + GoFormat.of(patch));
            }
            JsonNode directive = item.get(PATCH);
            if (directive == null) {
                patchItems.add(item);
                continue;
            }
            switch (directive.asText()) {
                case "delete" -> {
                    JsonNode key = keyOf(item, mergeKey);
                    merged.removeIf(existing -> JsonEquality.same(existing.get(mergeKey), key));
                }
                case "replace" -> replace = true;
                case "merge" -> { }
                default -> throw badPatchType(directive, item);
            }
        }
        if (replace) {
            ArrayNode out = NODES.arrayNode();
            for (JsonNode item : patchItems) out.add(mergeMap(NODES.objectNode(), (ObjectNode) item, items));
            return out;
        }
        List<JsonNode> serverOrder = elements(original);
        for (JsonNode item : patchItems) {
            JsonNode key = keyOf(item, mergeKey);
            int at = -1;
            for (int i = 0; i < merged.size(); i++) {
                if (JsonEquality.same(merged.get(i).get(mergeKey), key)) {
                    at = i;
                    break;
                }
            }
            if (at >= 0 && merged.get(at).isObject()) {
                merged.set(at, mergeMap((ObjectNode) merged.get(at), (ObjectNode) item, items));
            } else {
                merged.add(mergeMap(NODES.objectNode(), (ObjectNode) item, items));
            }
        }
        return toArray(new ElementOrder(Optional.of(mergeKey)).apply(merged, patchItems, serverOrder));
    }

    /** {@code $setElementOrder/<field>}: reorder the merged list as the patch lists its items. */
    private static void setElementOrder(ObjectNode original, String field, JsonNode order, JsonNode serverList, Shape shape) {
        if (!order.isArray()) throw PatchRejections.malformed(BAD_SET_ELEMENT_ORDER);
        JsonNode merged = original.get(field);
        if (merged == null || !merged.isArray()) return;
        Optional<PatchStrategy> strategy = shape.strategy(field);
        if (strategy.isEmpty() || !strategy.get().merges()) return;
        Optional<String> mergeKey = strategy.get().mergeKey();
        for (JsonNode item : order) {
            if (mergeKey.isPresent() && item.isObject()) keyOf(item, mergeKey.get());
        }
        List<JsonNode> serverOrder = serverList != null && serverList.isArray() ? elements(serverList) : List.of();
        original.set(field, toArray(new ElementOrder(mergeKey).apply(elements(merged), elements(order), serverOrder)));
    }

    private static JsonNode keyOf(JsonNode item, String mergeKey) {
        JsonNode key = item.get(mergeKey);
        if (key == null) {
            throw PatchRejections.malformed("map: " + GoFormat.of(item) + " does not contain declared merge key: " + mergeKey);
        }
        return key;
    }

    private static RuntimeException badPatchType(JsonNode directive, JsonNode map) {
        return PatchRejections.malformed("Unknown patch type: " + directive.asText() + " in map: " + GoFormat.of(map));
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new ArrayList<>(array.size());
        array.forEach(out::add);
        return out;
    }

    private static ArrayNode toArray(List<JsonNode> items) {
        ArrayNode out = NODES.arrayNode();
        out.addAll(items);
        return out;
    }
}
