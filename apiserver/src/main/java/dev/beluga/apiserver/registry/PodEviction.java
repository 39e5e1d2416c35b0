package dev.beluga.apiserver.registry;

import dev.beluga.api.resources.ResourceRegistry;

/**
 * pods/eviction. No PodDisruptionBudgets exist here, so an eviction is the pod's deletion with the
 * eviction's delete options; this is where budget checks (429 TooManyRequests) belong once they do.
 * One implementation for the HTTP subresource and the in-process client.
 */
public final class PodEviction {
    private final ObjectRegistry registry;

    public PodEviction(ObjectRegistry registry) {
        this.registry = registry;
    }

    public void evict(String namespace, String pod, DeleteRequest options) {
        registry.delete(ResourceRegistry.PODS, namespace, pod, options);
    }
}
