package dev.beluga.client.informer;

import java.util.List;
import java.util.function.Function;

/** A local, watched copy of one kind's objects that many handlers share. */
public interface SharedInformer<T> {
    /** Registers a handler; objects already in the cache reach it as onAdd. */
    void addHandler(ResourceHandler<T> handler);

    /** Adds an index; call before the informer starts. */
    void addIndex(String name, Function<T, List<String>> indexFunction);

    Lister<T> lister();

    /** True once the first list has been delivered to the cache. */
    boolean hasSynced();

    /** The resourceVersion of the latest event or list the cache reflects ("" before the first list). */
    String lastSyncResourceVersion();
}
