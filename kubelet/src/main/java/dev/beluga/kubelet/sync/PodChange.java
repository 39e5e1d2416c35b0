package dev.beluga.kubelet.sync;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Objects;

/** How a pod from the API changed, as far as the kubelet cares (upstream's podsDifferSemantically). */
final class PodChange {
    private PodChange() {}

    /**
     * True when the two versions differ at most in status and in the bookkeeping every write touches
     * (resourceVersion, managedFields): nothing the kubelet would act on.
     */
    static boolean onlyStatus(Pod previous, Pod current) {
        return Objects.equals(previous.getSpec(), current.getSpec())
                && Objects.equals(withoutBookkeeping(previous.getMetadata()), withoutBookkeeping(current.getMetadata()));
    }

    private static ObjectMeta withoutBookkeeping(ObjectMeta meta) {
        if (meta == null) return null;
        return new ObjectMetaBuilder(meta).withResourceVersion(null).withManagedFields().build();
    }
}
