package dev.beluga.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * RFC 6902 JSON patch ({@code application/json-patch+json}): add, remove, replace, move, copy, test,
 * applied in order to a copy of the target; the first failing operation fails the whole patch.
 *
 * <p>As upstream: a body that is not a list of operations is a 400; an operation that does not apply
 * (missing path, failed test, unknown op) is the generic 422. Array indices may be negative, counting
 * from the end, as in the json-patch library upstream uses.
 */
public final class JsonPatch {

    private JsonPatch() {}

    /** The patched document; neither argument is modified. */
    public static JsonNode apply(JsonNode target, JsonNode operations) {
        if (!operations.isArray()) {
            throw PatchRejections.malformed("json: cannot unmarshal " + PatchRejections.goKind(operations)
                    + " into Go value of type jsonpatch.Patch");
        }
        for (JsonNode op : operations) {
            if (!op.isObject()) {
                throw PatchRejections.malformed("json: cannot unmarshal " + PatchRejections.goKind(op)
                        + " into Go value of type jsonpatch.Operation");
            }
        }
        JsonNode doc = target.deepCopy();
        for (JsonNode op : operations) {
            doc = applyOne(doc, op);
        }
        return doc;
    }

    private static JsonNode applyOne(JsonNode doc, JsonNode op) {
        String kind = op.path("op").asText("");
        return switch (kind) {
            case "add" -> add(doc, path(op, "path"), value(op, kind));
            case "remove" -> {
                JsonPointer p = path(op, "path");
                remove(doc, p, "remove");
                yield doc;
            }
            case "replace" -> replace(doc, path(op, "path"), value(op, kind));
            case "move" -> {
                JsonPointer from = path(op, "from");
                JsonPointer to = path(op, "path");
                if (!from.equals(to) && from.isPrefixOf(to)) {
                    throw PatchRejections.unprocessable("move operation does not apply: cannot move " + from.text() + " into its own child " + to.text());
                }
                JsonNode moved = remove(doc, from, "move");
                yield add(doc, to, moved);
            }
            case "copy" -> {
                JsonPointer from = path(op, "from");
                JsonNode copied = find(doc, from);
                if (copied == null) {
                    throw PatchRejections.unprocessable("copy operation does not apply: doc is missing from path: " + from.text());
                }
                yield add(doc, path(op, "path"), copied.deepCopy());
            }
            case "test" -> {
                JsonPointer p = path(op, "path");
                JsonNode actual = find(doc, p);
                JsonNode expected = op.get("value");
                boolean absentBoth = (actual == null || actual.isNull()) && (expected == null || expected.isNull());
                if (!absentBoth && !JsonEquality.same(actual, expected)) {
                    throw PatchRejections.unprocessable("testing value " + p.text() + " failed: test failed");
                }
                yield doc;
            }
            default -> throw PatchRejections.unprocessable("Unexpected kind: " + kind);
        };
    }

    private static JsonPointer path(JsonNode op, String member) {
        JsonNode p = op.get(member);
        if (p == null || !p.isTextual()) {
            throw PatchRejections.unprocessable(op.path("op").asText("") + " operation missing " + member + " field: missing value");
        }
        return JsonPointer.parse(p.asText());
    }

    private static JsonNode value(JsonNode op, String kind) {
        JsonNode v = op.get("value");
        if (v == null) throw PatchRejections.unprocessable(kind + " operation missing value: missing value");
        return v.deepCopy();
    }

    /** The node a pointer names, or null when it names nothing. */
    static JsonNode find(JsonNode doc, JsonPointer pointer) {
        JsonNode current = doc;
        for (String token : pointer.tokens()) {
            if (current == null) return null;
            if (current.isObject()) {
                current = current.get(token);
            } else if (current.isArray()) {
                int i = index(token, current.size(), false);
                current = i < 0 || i >= current.size() ? null : current.get(i);
            } else {
                return null;
            }
        }
        return current;
    }

    private static JsonNode container(JsonNode doc, JsonPointer pointer, String opName) {
        JsonNode parent = find(doc, pointer.parent());
        if (parent == null || !(parent.isObject() || parent.isArray())) {
            throw PatchRejections.unprocessable(opName + " operation does not apply: doc is missing path: \"" + pointer.text() + "\": missing value");
        }
        return parent;
    }

    private static JsonNode add(JsonNode doc, JsonPointer pointer, JsonNode value) {
        if (pointer.isRoot()) return value;
        JsonNode parent = container(doc, pointer, "add");
        if (parent instanceof ObjectNode object) {
            object.set(pointer.last(), value);
        } else {
            ArrayNode array = (ArrayNode) parent;
            if (pointer.last().equals("-")) {
                array.add(value);
            } else {
                int i = index(pointer.last(), array.size() + 1, true);
                if (i < 0 || i > array.size()) {
                    throw PatchRejections.unprocessable("Unable to access invalid index: " + pointer.last() + ": invalid index referenced");
                }
                array.insert(i, value);
            }
        }
        return doc;
    }

    private static JsonNode replace(JsonNode doc, JsonPointer pointer, JsonNode value) {
        if (pointer.isRoot()) return value;
        JsonNode parent = container(doc, pointer, "replace");
        if (parent instanceof ObjectNode object) {
            if (!object.has(pointer.last())) {
                throw PatchRejections.unprocessable("replace operation does not apply: doc is missing key: " + pointer.text() + ": missing value");
            }
            object.set(pointer.last(), value);
        } else {
            ArrayNode array = (ArrayNode) parent;
            int i = index(pointer.last(), array.size(), true);
            if (i < 0 || i >= array.size()) {
                throw PatchRejections.unprocessable("Unable to access invalid index: " + pointer.last() + ": invalid index referenced");
            }
            array.set(i, value);
        }
        return doc;
    }

    /** Removes and returns the node at the pointer. */
    private static JsonNode remove(JsonNode doc, JsonPointer pointer, String opName) {
        if (pointer.isRoot()) throw PatchRejections.unprocessable(opName + " operation does not apply: cannot remove the whole document");
        JsonNode parent = container(doc, pointer, opName);
        JsonNode removed;
        if (parent instanceof ObjectNode object) {
            removed = object.remove(pointer.last());
        } else {
            ArrayNode array = (ArrayNode) parent;
            int i = index(pointer.last(), array.size(), true);
            removed = i < 0 || i >= array.size() ? null : array.remove(i);
        }
        if (removed == null) {
            throw PatchRejections.unprocessable(opName + " operation does not apply: doc is missing path: \"" + pointer.text() + "\": missing value");
        }
        return removed;
    }

    /**
     * An array index token: decimal digits without leading zeros, or negative counting from the end.
     * Returns -1 for a token that is not an index (callers treat it as out of range) unless {@code strict}.
     */
    private static int index(String token, int size, boolean strict) {
        boolean valid = token.matches("-?(0|[1-9][0-9]{0,8})");
        if (!valid) {
            if (strict) throw PatchRejections.unprocessable("Unable to access invalid index: " + token + ": invalid index referenced");
            return -1;
        }
        int i = Integer.parseInt(token);
        return i < 0 ? i + size : i;
    }
}
