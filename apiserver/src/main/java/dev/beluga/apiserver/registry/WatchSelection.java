package dev.beluga.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.storage.WatchEvent;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What one watcher sees of a change, given its label and field selectors, as upstream's watch cache
 * decides it: an object entering the selection is ADDED, one changing inside it MODIFIED, one leaving
 * it (or deleted while in it) DELETED, anything else nothing. Shared by the HTTP watch and the
 * in-process client's watch.
 */
public final class WatchSelection {
    public enum Seen { ADDED, MODIFIED, DELETED }

    private static final Optional<Seen> ADDED = Optional.of(Seen.ADDED);
    private static final Optional<Seen> MODIFIED = Optional.of(Seen.MODIFIED);
    private static final Optional<Seen> DELETED = Optional.of(Seen.DELETED);

    private final ListOptions options;
    private final boolean everything;
    private final Optional<String> nodeName;

    public WatchSelection(ListOptions options) {
        this(options, false);
    }

    /** {@code pods}: whether these are pods, whose watchers selecting one node are filtered by {@link NodeNames} first. */
    public WatchSelection(ListOptions options, boolean pods) {
        this.options = options;
        this.everything = options.selectsEverything();
        this.nodeName = pods ? options.fields().requiredValue("spec.nodeName") : Optional.empty();
    }

    public ListOptions options() {
        return options;
    }

    public boolean selectsEverything() {
        return everything;
    }

    public Optional<Seen> seen(WatchEvent e) {
        if (everything) return e.type() == WatchEvent.Type.DELETE ? DELETED : e.isCreate() ? ADDED : MODIFIED;
        if (nodeName.isPresent() && !NodeNames.of(e).concern(nodeName.get())) return Optional.empty();
        boolean now = matches(e.kv().value());
        boolean before = !e.isCreate() && e.previous().map(p -> matches(p.value())).orElse(now);
        if (e.type() == WatchEvent.Type.DELETE) return before || now ? DELETED : Optional.empty();
        if (now) return before && !e.isCreate() ? MODIFIED : ADDED;
        return before && !e.isCreate() ? DELETED : Optional.empty();
    }

    public boolean matches(byte[] stored) {
        return ObjectRegistry.matches(options, SharedTrees.of(stored));
    }

    /**
     * A pod change's spec.nodeName before and after, worked out once per change for all watchers, as
     * upstream's watch cache does with its pod trigger function: a kubelet watches its own node's pods,
     * and with a thousand of them nearly every change concerns one watcher and is dropped by the rest
     * with two string comparisons. Kept per change identity (every watcher gets the same event object).
     */
    record NodeNames(WatchEvent event, String now, String before) {
        private static final int SLOTS = 64;
        private static final AtomicReferenceArray<NodeNames> RECENT = new AtomicReferenceArray<>(SLOTS);

        static NodeNames of(WatchEvent e) {
            int slot = System.identityHashCode(e) & (SLOTS - 1);
            NodeNames n = RECENT.get(slot);
            if (n != null && n.event() == e) return n;
            String now = nodeNameOf(e.kv().value());
            n = new NodeNames(e, now, e.previous().map(p -> nodeNameOf(p.value())).orElse(now));
            RECENT.set(slot, n);
            return n;
        }

        /** Could a selection requiring spec.nodeName={@code node} have held before or after the change? */
        boolean concern(String node) {
            return node.equals(now) || node.equals(before);
        }

        private static String nodeNameOf(byte[] stored) {
            return SharedTrees.of(stored).path("spec").path("nodeName").asText("");
        }
    }

    /**
     * Every watcher of a kind receives the same stored bytes for a change (the watch cache stamps them
     * once). With selectors, each would parse them again: a thousand kubelets watching pods by
     * spec.nodeName would parse every pod change a thousand times. The trees of recent values are kept
     * here by identity and read, never changed, by every selector that asks.
     */
    static final class SharedTrees {
        private static final int SLOTS = 4096;
        private static final AtomicReferenceArray<Entry> ENTRIES = new AtomicReferenceArray<>(SLOTS);

        private record Entry(byte[] value, JsonNode tree) {}

        private SharedTrees() {}

        static JsonNode of(byte[] stored) {
            int slot = System.identityHashCode(stored) & (SLOTS - 1);
            Entry e = ENTRIES.get(slot);
            if (e != null && e.value() == stored) return e.tree();
            JsonNode tree = ObjectCodec.treeOfStored(stored);
            ENTRIES.set(slot, new Entry(stored, tree));
            return tree;
        }
    }
}
