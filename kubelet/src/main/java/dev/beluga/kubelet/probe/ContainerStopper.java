package dev.beluga.kubelet.probe;

import dev.beluga.kubelet.runtime.ContainerRuntime;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Stops one container as upstream's killContainer does (the caller records the Killing event):
 * the preStop hook first, within the grace period, then StopContainer with what is left of it,
 * never less than {@link StopGrace#MINIMUM}.
 */
public final class ContainerStopper {
    private final ContainerRuntime runtime;
    private final LifecycleHooks hooks;

    public ContainerStopper(ContainerRuntime runtime, LifecycleHooks hooks) {
        this.runtime = runtime;
        this.hooks = hooks;
    }

    /**
     * @param spec    the container's spec, when the pod still has one (orphans have none: no hook)
     * @param running whether the instance runs (a hook runs only in a running container)
     * @param grace   the grace period it starts with ({@link StopGrace#initial})
     */
    public void stop(Pod pod, Optional<Container> spec, String containerId, boolean running, Duration grace, List<String> podIps) {
        Duration took = Duration.ZERO;
        if (running && spec.isPresent()) took = hooks.preStop(pod, spec.get(), containerId, podIps, grace);
        runtime.stopContainer(containerId, StopGrace.afterPreStop(grace, took));
    }
}
