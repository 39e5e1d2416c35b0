package dev.beluga.kubelet.volume;

import dev.beluga.kubelet.security.ContainerResources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;

/**
 * Upstream's calculateEmptyDirMemorySize (SizeMemoryBackedVolumes): a memory-backed emptyDir is as
 * large as the node's allocatable memory, or the pod's memory limit when every container has one and
 * it is smaller, or the volume's sizeLimit when that is smaller still. Pure.
 */
final class EmptyDirSize {
    private EmptyDirSize() {}

    /** @return bytes; 0 when nothing bounds it (no allocatable memory known) */
    static long memoryBacked(Pod pod, EmptyDirVolumeSource source, Quantity allocatableMemory) {
        long size = ContainerResources.value(allocatableMemory);
        long podLimit = podMemoryLimit(pod);
        if (podLimit > 0 && (size == 0 || podLimit <= size)) size = podLimit;
        long volumeLimit = ContainerResources.value(source.getSizeLimit());
        if (volumeLimit > 0 && (size == 0 || volumeLimit <= size)) size = volumeLimit;
        return size;
    }

    /** The sum of the containers' memory limits (at least the largest init container's), 0 when any container has none. */
    static long podMemoryLimit(Pod pod) {
        List<Container> containers = pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers();
        long sum = 0;
        for (Container c : containers) {
            long l = limit(c);
            if (l == 0) return 0;
            sum += l;
        }
        long initMax = 0;
        if (pod.getSpec() != null && pod.getSpec().getInitContainers() != null) {
            for (Container c : pod.getSpec().getInitContainers()) {
                long l = limit(c);
                if (l == 0) return 0;
                if ("Always".equals(c.getRestartPolicy())) sum += l;
                else initMax = Math.max(initMax, l);
            }
        }
        return Math.max(sum, initMax);
    }

    private static long limit(Container c) {
        return c.getResources() == null || c.getResources().getLimits() == null ? 0 : ContainerResources.value(c.getResources().getLimits().get("memory"));
    }
}
