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

    public WatchSelection(ListOptions options) {
        this.options = options;
        this.everything = options.selectsEverything();
    }

    public ListOptions options() {
        return options;
    }

    public boolean selectsEverything() {
        return everything;
    }

    public Optional<Seen> seen(WatchEvent e) {
        if (everything) return e.type() == WatchEvent.Type.DELETE ? DELETED : e.isCreate() ? ADDED : MODIFIED;
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
