package dev.beluga.kubelet.pod;

import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/**
 * The container whose PID namespace an ephemeral container joins ({@code targetContainerName}, what
 * {@code kubectl debug --target} sets), as upstream's getTargetID: the newest instance of the target
 * the runtime knows; none yet is a container config error (retried), as upstream's.
 */
public final class EphemeralTargets {
    private EphemeralTargets() {}

    /** The runtime id of the target's container; empty when {@code container} is not an ephemeral container with a target. */
    public static Optional<String> pidTarget(Pod pod, String container, PodRuntimeState observed) {
        if (pod.getSpec() == null || pod.getSpec().getEphemeralContainers() == null) return Optional.empty();
        for (EphemeralContainer ec : pod.getSpec().getEphemeralContainers()) {
            if (!container.equals(ec.getName())) continue;
            String target = ec.getTargetContainerName();
            if (target == null || target.isEmpty()) return Optional.empty();
            return Optional.of(observed.latest(target).map(c -> c.id().id())
                    .orElseThrow(() -> new ContainerConfigException("unable to find target container " + target)));
        }
        return Optional.empty();
    }
}
