package dev.beluga.client.informer;

import java.util.function.Consumer;

/**
 * Reacts to an informer's cache changes. Called on the informer's delivery thread, in order; handlers
 * should only enqueue work, never block. Objects are shared cache entries: never mutate them.
 */
public interface ResourceHandler<T> {
    default void onAdd(T object) {}

    default void onUpdate(T previous, T current) {}

    /** The object is gone; {@code lastKnown} is its last state the informer saw. */
    default void onDelete(T lastKnown) {}

    /**
     * A handler that hands every change's object (the new state, or the last known one when deleted) to
     * {@code action}: what a level-triggered controller wants when it only enqueues a key.
     */
    static <T> ResourceHandler<T> onAnyChange(Consumer<? super T> action) {
        return new ResourceHandler<>() {
            @Override
            public void onAdd(T object) {
                action.accept(object);
            }

            @Override
            public void onUpdate(T previous, T current) {
                action.accept(current);
            }

            @Override
            public void onDelete(T lastKnown) {
                action.accept(lastKnown);
            }
        };
    }
}
