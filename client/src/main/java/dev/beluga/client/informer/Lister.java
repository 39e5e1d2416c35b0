package dev.beluga.client.informer;

import dev.beluga.api.selection.LabelSelector;
import java.util.List;
import java.util.Optional;

/** Reads an informer's cache. Returned objects are shared: copy before changing them. */
public interface Lister<T> {
    Optional<T> get(String namespace, String name);

    List<T> list();

    List<T> list(String namespace);

    List<T> list(String namespace, LabelSelector selector);

    /** Objects whose index function returned {@code value} for the named index. */
    List<T> byIndex(String index, String value);
}
