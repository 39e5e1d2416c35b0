package dev.beluga.kubelet.pod;

import dev.beluga.kubelet.security.ImageUser;
import dev.beluga.kubelet.volume.MountedVolume;
import dev.beluga.kubelet.volume.SubPathResolver;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a container's config is built from besides its pod: read by the kubelet before the (pure)
 * build in {@link RuntimeConfigs#build}.
 *
 * @param imageUser      who the image runs as (runAsUser default, runAsNonRoot check)
 * @param objects        the configMaps and secrets the pod references
 * @param volumes        the pod's volumes as set up on the node, by name
 * @param allocatable    the node's allocatable resources (downward API limits)
 * @param memoryCapacity the node's memory in bytes (Burstable OOM score)
 * @param seccompRoot    where Localhost seccomp profiles live
 * @param subPaths       how volumeMount subPaths become host paths
 * @param etcHosts       the pod's kubelet-managed hosts file, mounted at /etc/hosts unless the container mounts its own
 */
public record ContainerInputs(ImageUser imageUser, ReferencedObjects objects, Map<String, MountedVolume> volumes, Map<String, Quantity> allocatable,
                              long memoryCapacity, Path seccompRoot, SubPathResolver subPaths,
                              Optional<Path> etcHosts) {
    public ContainerInputs {
        volumes = Map.copyOf(volumes);
        allocatable = Map.copyOf(allocatable);
    }

    /** A pod without volumes or references, on a node with nothing known, running a root image. */
    public static ContainerInputs none() {
        return new ContainerInputs(ImageUser.root(), ReferencedObjects.none(), Map.of(), Map.of(), 0, PodRuntimeSettings.defaults().seccompRoot(),
                SubPathResolver.lexical(), Optional.empty());
    }
}
