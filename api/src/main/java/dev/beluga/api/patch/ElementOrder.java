package dev.beluga.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The order of a merged list, as upstream's normalizeElementOrder decides it: items the patch names
 * (in its list or its {@code $setElementOrder}) come in the patch's order, items only the server has
 * keep their server order, and the two runs are interleaved so each server-only item stays before the
 * first patch item that followed it on the server.
 *
 * @param mergeKey the field identifying object items; empty for lists of primitives
 */
record ElementOrder(Optional<String> mergeKey) {

    List<JsonNode> apply(List<JsonNode> merged, List<JsonNode> patchOrder, List<JsonNode> serverOrder) {
        List<JsonNode> patchItems = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
            (indexIn(patchOrder, item) >= 0 ? patchItems : serverOnly).add(item);
        }
        patchItems.sort(Comparator.comparingInt(item -> indexIn(patchOrder, item)));
        serverOnly.sort(Comparator.comparingInt(item -> {
            int i = indexIn(serverOrder, item);
            return i < 0 ? Integer.MAX_VALUE : i;
        }));
        return interleave(serverOnly, patchItems, serverOrder);
    }

    /** Upstream's mergeSortedSlice: a server-only item goes first only when the server had it before the patch item. */
    private List<JsonNode> interleave(List<JsonNode> serverOnly, List<JsonNode> patchItems, List<JsonNode> serverOrder) {
        List<JsonNode> out = new ArrayList<>(serverOnly.size() + patchItems.size());
        int i = 0;
        int j = 0;
        while (i < serverOnly.size() || j < patchItems.size()) {
            if (j >= patchItems.size()) {
                out.add(serverOnly.get(i++));
            } else if (i >= serverOnly.size()) {
                out.add(patchItems.get(j++));
            } else {
                int left = indexIn(serverOrder, serverOnly.get(i));
                int right = indexIn(serverOrder, patchItems.get(j));
                if (left >= 0 && right >= 0 && left < right) {
                    out.add(serverOnly.get(i++));
                } else {
                    out.add(patchItems.get(j++));
                }
            }
        }
        return out;
    }

    int indexIn(List<JsonNode> list, JsonNode item) {
        JsonNode identity = identity(item);
        for (int i = 0; i < list.size(); i++) {
            if (JsonEquality.same(identity(list.get(i)), identity)) return i;
        }
        return -1;
    }

    private JsonNode identity(JsonNode item) {
        return mergeKey.isPresent() && item.isObject() ? item.get(mergeKey.get()) : item;
    }
}
