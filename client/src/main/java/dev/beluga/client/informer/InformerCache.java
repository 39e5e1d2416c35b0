package dev.beluga.client.informer;

import dev.beluga.api.selection.LabelSelector;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An informer's objects by "ns/name", with indexes (namespace always, others on demand). Writes come
 * from the informer's one delivery thread; reads from anywhere, lock-free, seeing each object whole.
 */
final class InformerCache<T extends HasMetadata> implements Lister<T> {
    static final String NAMESPACE_INDEX = "namespace";

    private final Map<String, T> objects = new ConcurrentHashMap<>();
    private final Map<String, Function<T, List<String>>> indexFunctions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Set<String>>> indexes = new ConcurrentHashMap<>();

    InformerCache() {
        addIndex(NAMESPACE_INDEX, o -> List.of(namespaceOf(o)));
    }

    static String keyOf(HasMetadata o) {
        String ns = namespaceOf(o);
        return ns.isEmpty() ? o.getMetadata().getName() : ns + "/" + o.getMetadata().getName();
    }

    private static String namespaceOf(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return ns == null ? "" : ns;
    }

    void addIndex(String name, Function<T, List<String>> function) {
        indexFunctions.put(name, function);
        Map<String, Set<String>> index = new ConcurrentHashMap<>();
        indexes.put(name, index);
        for (Map.Entry<String, T> e : objects.entrySet()) addToIndex(index, function, e.getKey(), e.getValue());
    }

    /** Stores the object; returns the one it replaced. */
    Optional<T> put(T object) {
        String key = keyOf(object);
        T previous = objects.put(key, object);
        if (previous != null) unindex(key, previous);
        for (Map.Entry<String, Function<T, List<String>>> f : indexFunctions.entrySet()) {
            addToIndex(indexes.get(f.getKey()), f.getValue(), key, object);
        }
        return Optional.ofNullable(previous);
    }

    Optional<T> remove(String key) {
        T previous = objects.remove(key);
        if (previous != null) unindex(key, previous);
        return Optional.ofNullable(previous);
    }

    Set<String> keys() {
        return Set.copyOf(objects.keySet());
    }

    private void unindex(String key, T object) {
        for (Map.Entry<String, Function<T, List<String>>> f : indexFunctions.entrySet()) {
            Map<String, Set<String>> index = indexes.get(f.getKey());
            for (String value : f.getValue().apply(object)) {
                index.computeIfPresent(value, (v, keys) -> {
                    keys.remove(key);
                    return keys.isEmpty() ? null : keys;
                });
            }
        }
    }

    private static <T> void addToIndex(Map<String, Set<String>> index, Function<T, List<String>> f, String key, T object) {
        for (String value : f.apply(object)) index.computeIfAbsent(value, v -> ConcurrentHashMap.newKeySet()).add(key);
    }

    @Override
    public Optional<T> get(String namespace, String name) {
        return Optional.ofNullable(objects.get(namespace == null || namespace.isEmpty() ? name : namespace + "/" + name));
    }

    @Override
    public List<T> list() {
        return List.copyOf(objects.values());
    }

    @Override
    public List<T> list(String namespace) {
        return namespace.isEmpty() ? list() : byIndex(NAMESPACE_INDEX, namespace);
    }

    @Override
    public List<T> list(String namespace, LabelSelector selector) {
        List<T> out = new ArrayList<>();
        for (T o : list(namespace)) {
            Map<String, String> labels = o.getMetadata().getLabels();
            if (selector.matches(labels == null ? Map.of() : labels)) out.add(o);
        }
        return out;
    }

    @Override
    public List<T> byIndex(String index, String value) {
        Map<String, Set<String>> idx = indexes.get(index);
        if (idx == null) throw new IllegalArgumentException("no index named " + index);
        Set<String> keys = idx.get(value);
        if (keys == null) return List.of();
        List<T> out = new ArrayList<>(keys.size());
        for (String k : keys) {
            T o = objects.get(k);
            if (o != null) out.add(o);
        }
        return out;
    }

    int size() {
        return objects.size();
    }
}
