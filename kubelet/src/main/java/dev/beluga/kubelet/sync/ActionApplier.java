package dev.beluga.kubelet.sync;

import dev.beluga.client.events.EventRecorder;
import dev.beluga.kubelet.pod.ContainerConfigException;
import dev.beluga.kubelet.pod.EphemeralTargets;
import dev.beluga.kubelet.pod.ContainerKind;
import dev.beluga.kubelet.pod.ObservedContainer;
import dev.beluga.kubelet.pod.ObservedSandbox;
import dev.beluga.kubelet.pod.PodActions;
import dev.beluga.kubelet.pod.PodRuntimeSettings;
import dev.beluga.kubelet.pod.PodRuntimeState;
import dev.beluga.kubelet.pod.PodSpecs;
import dev.beluga.kubelet.pod.RuntimeConfigs;
import dev.beluga.kubelet.pod.RuntimeGarbage;
import dev.beluga.kubelet.pod.WaitingReason;
import dev.beluga.kubelet.probe.ContainerStopper;
import dev.beluga.kubelet.probe.LifecycleHooks;
import dev.beluga.kubelet.probe.ProbeType;
import dev.beluga.kubelet.probe.StopGrace;
import dev.beluga.kubelet.runtime.ContainerConfig;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import dev.beluga.kubelet.runtime.ContainerRuntimeException;
import dev.beluga.kubelet.runtime.ContainerState;
import dev.beluga.kubelet.runtime.SandboxConfig;
import dev.beluga.kubelet.runtime.SandboxStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries out a pod's {@link PodActions} on the runtime (upstream's SyncPod), recording events and why containers wait. */
final class ActionApplier {
    private static final Logger log = LoggerFactory.getLogger(ActionApplier.class);

    private final ContainerRuntime runtime;
    private final ImagePuller images;
    private final EventRecorder events;
    private final PodRuntimeSettings settings;
    private final List<String> hostIps;
    private final LifecycleHooks hooks;
    private final ContainerStopper stopper;
    private final PodPrerequisites prerequisites;

    ActionApplier(ContainerRuntime runtime, ImagePuller images, EventRecorder events, PodRuntimeSettings settings, List<String> hostIps,
                  LifecycleHooks hooks, ContainerStopper stopper, PodPrerequisites prerequisites) {
        this.prerequisites = prerequisites;
        this.hooks = hooks;
        this.stopper = stopper;
        this.runtime = runtime;
        this.images = images;
        this.events = events;
        this.settings = settings;
        this.hostIps = List.copyOf(hostIps);
    }

    /** @param ready the pod's references and volumes, read and set up by {@link PodPrerequisites} */
    void apply(Pod pod, PodActions actions, PodRuntimeState observed, PodMemory memory, PodPrerequisites.Ready ready) {
        if (actions.killPod()) {
            killPod(pod, observed, PodSpecs.terminationGrace(pod));
            if (!actions.createSandbox()) return;
        } else {
            List<String> ips = podIps(actions.sandboxId());
            for (PodActions.Kill k : actions.containersToKill()) {
                events.normal(pod, "Killing", k.message());
                Optional<Container> spec = PodSpecs.find(pod, k.name()).map(PodSpecs.KindedContainer::container);
                Optional<ProbeType> probe = switch (k.reason()) {
                    case LIVENESS_PROBE -> Optional.of(ProbeType.LIVENESS);
                    case STARTUP_PROBE -> Optional.of(ProbeType.STARTUP);
                    default -> Optional.empty();
                };
                boolean running = observed.containers().stream().anyMatch(c -> c.id().equals(k.containerId()) && c.running());
                stopper.stop(pod, spec, k.containerId().id(), running, StopGrace.initial(pod, spec, probe), ips);
            }
        }

        String sandboxId = actions.sandboxId();
        SandboxConfig sandbox = RuntimeConfigs.sandbox(pod, actions.attempt(), settings);
        if (actions.createSandbox()) {
            try {
                sandboxId = runtime.runPodSandbox(sandbox);
            } catch (ContainerRuntimeException e) {
                events.warning(pod, "FailedCreatePodSandBox", "Failed to create pod sandbox: " + e.getMessage());
                throw e;
            }
        }
        List<String> podIps = podIps(sandboxId);

        for (PodActions.BackingOff b : actions.backingOff()) {
            memory.waiting.put(b.name(), new WaitingReason("CrashLoopBackOff", b.message()));
            events.warning(pod, "BackOff", "Back-off restarting failed container " + b.name() + " in pod " + PodSpecs.describe(pod));
        }
        for (PodActions.Start s : actions.initContainersToStart()) {
            boolean started = start(pod, s, sandboxId, sandbox, podIps, memory, ready);
            // A regular init container that could not start holds everything after it back; a sidecar does not.
            if (!started && s.kind() == ContainerKind.INIT) return;
        }
        for (PodActions.Start s : actions.ephemeralContainersToStart()) {
            Optional<String> target;
            try {
                target = EphemeralTargets.pidTarget(pod, s.name(), observed);
            } catch (ContainerConfigException e) {
                failed(pod, s.name(), "CreateContainerConfigError", e.getMessage(), memory);
                continue;
            }
            start(pod, s, sandboxId, sandbox, podIps, memory, ready, target);
        }
        for (PodActions.Start s : actions.containersToStart()) start(pod, s, sandboxId, sandbox, podIps, memory, ready);
    }

    private boolean start(Pod pod, PodActions.Start s, String sandboxId, SandboxConfig sandbox, List<String> podIps, PodMemory memory,
                          PodPrerequisites.Ready ready) {
        return start(pod, s, sandboxId, sandbox, podIps, memory, ready, Optional.empty());
    }

    /** @param pidTarget the container whose PID namespace this one joins (an ephemeral container's target) */
    private boolean start(Pod pod, PodActions.Start s, String sandboxId, SandboxConfig sandbox, List<String> podIps, PodMemory memory,
                          PodPrerequisites.Ready ready, Optional<String> pidTarget) {
        Optional<PodSpecs.KindedContainer> spec = PodSpecs.find(pod, s.name());
        if (spec.isEmpty()) return false;
        var c = spec.get().container();
        ImagePuller.Result image = images.ensure(pod, c, sandbox);
        if (image instanceof ImagePuller.Missing(WaitingReason why)) {
            memory.waiting.put(s.name(), why);
            return false;
        }
        ContainerConfig config;
        try {
            config = prerequisites.build(pod, c, s.kind(), s.restartCount(), podIps, hostIps, ready).config();
            if (pidTarget.isPresent()) config = config.withPidTarget(pidTarget.get());
        } catch (ContainerConfigException e) {
            return failed(pod, s.name(), "CreateContainerConfigError", e.getMessage(), memory);
        }
        String id;
        try {
            id = runtime.createContainer(sandboxId, config, sandbox);
        } catch (ContainerRuntimeException e) {
            return failed(pod, s.name(), "CreateContainerError", e.getMessage(), memory);
        }
        events.normal(pod, "Created", "Created container " + s.name());
        try {
            runtime.startContainer(id);
        } catch (ContainerRuntimeException e) {
            return failed(pod, s.name(), "RunContainerError", e.getMessage(), memory);
        }
        events.normal(pod, "Started", "Started container " + s.name());
        Optional<String> hookFailed = hooks.postStart(pod, c, id, podIps);
        if (hookFailed.isPresent()) {
            // Upstream kills a container whose postStart hook failed; it restarts as its restart policy says.
            events.normal(pod, "Killing", "FailedPostStartHook");
            stopper.stop(pod, Optional.of(c), id, true, StopGrace.initial(pod, Optional.of(c), Optional.empty()), podIps);
            memory.waiting.put(s.name(), new WaitingReason("PostStartHookError", hookFailed.get()));
            return false;
        }
        memory.waiting.remove(s.name());
        return true;
    }

    private boolean failed(Pod pod, String container, String reason, String message, PodMemory memory) {
        memory.waiting.put(container, new WaitingReason(reason, message));
        events.warning(pod, "Failed", "Error: " + message);
        log.debug("pod {} container {}: {}: {}", PodSpecs.describe(pod), container, reason, message);
        return false;
    }

    private List<String> podIps(String sandboxId) {
        if (sandboxId.isEmpty()) return List.of();
        Optional<SandboxStatus> s = runtime.podSandboxStatus(sandboxId);
        if (s.isEmpty() || s.get().ip().isEmpty()) return List.of();
        List<String> ips = new ArrayList<>();
        ips.add(s.get().ip().get());
        ips.addAll(s.get().additionalIps());
        return ips;
    }

    /**
     * Upstream's killPodWithSyncResult: stops the running containers in parallel, each with the
     * grace period, then the sandboxes (which releases the pod's IP).
     */
    void killPod(Pod pod, PodRuntimeState observed, Duration grace) {
        List<ObservedContainer> running = observed.containers().stream()
                .filter(c -> c.running() || c.state() == ContainerState.CREATED || c.state() == ContainerState.UNKNOWN).toList();
        if (!running.isEmpty()) {
            try (ExecutorService stops = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                List<String> ips = observed.podIps();
                for (ObservedContainer c : running) {
                    if (c.running()) events.normal(pod, "Killing", "Stopping container " + c.name());
                    Optional<Container> spec = PodSpecs.find(pod, c.name()).map(PodSpecs.KindedContainer::container);
                    done.add(stops.submit(() -> stopper.stop(pod, spec, c.id().id(), c.running(), grace, ips)));
                }
                for (Future<?> f : done) await(f);
            }
        }
        for (ObservedSandbox s : observed.sandboxes()) if (s.ready()) runtime.stopPodSandbox(s.id());
    }

    /** Removes everything of the pod from the runtime (its containers go with their sandboxes). */
    void removeAll(PodRuntimeState observed) {
        for (ObservedContainer c : observed.containers()) runtime.removeContainer(c.id().id());
        for (ObservedSandbox s : observed.sandboxes()) runtime.removePodSandbox(s.id());
    }

    void collect(RuntimeGarbage garbage) {
        for (String id : garbage.containerIds()) runtime.removeContainer(id);
        for (String id : garbage.sandboxIds()) runtime.removePodSandbox(id);
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping containers", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }
}
