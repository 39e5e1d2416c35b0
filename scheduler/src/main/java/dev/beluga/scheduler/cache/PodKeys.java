package dev.beluga.scheduler.cache;

import io.fabric8.kubernetes.api.model.Pod;

/** A pod's "namespace/name", the key the cache and the queue agree on. */
public final class PodKeys {
    private PodKeys() {}

    public static String key(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        return ns == null || ns.isEmpty() ? pod.getMetadata().getName() : ns + "/" + pod.getMetadata().getName();
    }
}
