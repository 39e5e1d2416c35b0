package dev.beluga.client.control;

/** Brings one object (by key) towards its desired state; throwing asks for a retry with backoff. */
@FunctionalInterface
public interface Reconciler<K> {
    void reconcile(K key) throws Exception;
}
