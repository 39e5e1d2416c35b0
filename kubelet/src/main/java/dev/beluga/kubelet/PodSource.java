package dev.beluga.kubelet;

import dev.beluga.client.informer.ResourceHandler;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Where a kubelet learns of the pods bound to its node. A real kubelet watches them itself
 * ({@link InformerPodSource}); hollow nodes share one pod informer, so a thousand of them do not
 * each parse every pod event (the sim module's fleet).
 */
public interface PodSource {
    /**
     * Delivers this node's pods to {@code handler}: those known now as onAdd, then every change; a
     * pod deleted from the API as onDelete. Calls come in order, on the source's thread, and must
     * not block.
     */
    Registration subscribe(ResourceHandler<Pod> handler);

    /** True once every pod that existed when the source started has been delivered. */
    boolean hasSynced();

    /** A subscription; closing it stops delivery. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
