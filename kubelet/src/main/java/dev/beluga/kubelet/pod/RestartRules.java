package dev.beluga.kubelet.pod;

import dev.beluga.kubelet.runtime.ContainerState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/** Upstream's ShouldContainerBeRestarted: whether a container that is not running should run (again). */
public final class RestartRules {
    private RestartRules() {}

    public static boolean shouldRestart(Container container, Pod pod, PodRuntimeState observed) {
        if (PodSpecs.deleting(pod)) return false;
        Optional<ObservedContainer> status = observed.latest(container.getName());
        if (status.isEmpty()) return true;
        ContainerState state = status.get().state();
        if (state == ContainerState.RUNNING) return false;
        if (state == ContainerState.UNKNOWN || state == ContainerState.CREATED) return true;
        String policy = PodSpecs.restartPolicy(pod);
        if ("Never".equals(policy)) return false;
        if ("OnFailure".equals(policy)) return status.get().exitCode() != 0;
        return true;
    }
}
