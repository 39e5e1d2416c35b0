package dev.beluga.client.informer;

/**
 * Reacts to an informer's cache changes. Called on the informer's delivery thread, in order; handlers
 * should only enqueue work, never block. Objects are shared cache entries: never mutate them.
 */
public interface ResourceHandler<T> {
    default void onAdd(T object) {}

    default void onUpdate(T previous, T current) {}

    /** The object is gone; {@code lastKnown} is its last state the informer saw. */
    default void onDelete(T lastKnown) {}
}
