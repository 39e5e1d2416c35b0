package dev.beluga.kubelet.pod;

import dev.beluga.kubelet.probe.ProbeResult;
import dev.beluga.kubelet.probe.ProbeSnapshot;
import dev.beluga.kubelet.probe.ProbeType;
import dev.beluga.kubelet.runtime.ContainerState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The body of {@link PodActions#compute}, kept apart so the record stays a plain value. */
final class ActionPlanner {
    private final Pod pod;
    private final PodRuntimeState observed;
    private final ProbeSnapshot probes;
    private boolean killPod;
    private boolean createSandbox;
    private String sandboxId = "";
    private int attempt;
    private final Map<ContainerId, PodActions.Kill> kills = new LinkedHashMap<>();
    private List<Integer> initToStart = new ArrayList<>();
    private final List<Integer> ephemeralToStart = new ArrayList<>();
    private final List<Integer> toStart = new ArrayList<>();

    private ActionPlanner(Pod pod, PodRuntimeState observed, ProbeSnapshot probes) {
        this.pod = pod;
        this.observed = observed;
        this.probes = probes;
    }

    static PodActions plan(Pod pod, PodRuntimeState observed, ProbeSnapshot probes, Instant now) {
        ActionPlanner p = new ActionPlanner(pod, observed, probes);
        if (PodSpecs.deleting(pod)) {
            p.killPod = true;
            Optional<ObservedSandbox> s = observed.newestSandbox();
            p.sandboxId = s.map(ObservedSandbox::id).orElse("");
            p.attempt = s.map(ObservedSandbox::attempt).orElse(0);
        } else {
            p.computeLive();
        }
        return p.finish(now);
    }

    private void computeLive() {
        sandboxChange();
        List<Container> containers = PodSpecs.containers(pod);
        List<Container> inits = PodSpecs.initContainers(pod);
        if (createSandbox) {
            if (!PodSpecs.restartsOnFailure(pod) && attempt != 0 && !observed.containers().isEmpty()) {
                // A pod that must not restart and already ran: no new sandbox, only make sure everything is stopped.
                createSandbox = false;
                return;
            }
            List<Integer> start = new ArrayList<>();
            for (int i = 0; i < containers.size(); i++) {
                if ("OnFailure".equals(PodSpecs.restartPolicy(pod)) && succeeded(containers.get(i))) continue;
                start.add(i);
            }
            if (start.isEmpty() && anyRegularContainerCreated()) {
                createSandbox = false;
                return;
            }
            if (!inits.isEmpty()) {
                initToStart = new ArrayList<>(List.of(0));
                return;
            }
            toStart.addAll(start);
            return;
        }

        List<Container> ephemeral = PodSpecs.ephemeralContainers(pod);
        for (int i = 0; i < ephemeral.size(); i++) {
            // Ephemeral containers are never restarted.
            if (observed.latest(ephemeral.get(i).getName()).isEmpty()) ephemeralToStart.add(i);
        }

        boolean initialized = computeInitActions(inits);
        if (killPod || !initialized) return;

        int keep = 0;
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            Optional<ObservedContainer> status = observed.latest(c.getName());
            if (status.isEmpty() || !status.get().running()) {
                if (RestartRules.shouldRestart(c, pod, observed)) {
                    toStart.add(i);
                    if (status.isPresent() && status.get().state() == ContainerState.UNKNOWN) {
                        kill(status.get(), "Container is in \"unknown\" state, try killing it before restart", PodActions.KillReason.UNKNOWN_STATE);
                    }
                }
                continue;
            }
            if (!status.get().hash().equals(ContainerHash.of(c))) {
                // The spec changed: restart whatever the restart policy says.
                toStart.add(i);
                kill(status.get(), "Container " + c.getName() + " definition changed, will be restarted", PodActions.KillReason.SPEC_CHANGED);
                continue;
            }
            String id = status.get().id().toString();
            String message;
            PodActions.KillReason reason;
            if (probes.is(ProbeType.LIVENESS, id, ProbeResult.FAILURE)) {
                message = "Container " + c.getName() + " failed liveness probe";
                reason = PodActions.KillReason.LIVENESS_PROBE;
            } else if (probes.is(ProbeType.STARTUP, id, ProbeResult.FAILURE)) {
                message = "Container " + c.getName() + " failed startup probe";
                reason = PodActions.KillReason.STARTUP_PROBE;
            } else {
                keep++;
                continue;
            }
            // A failed probe kills the container; it comes back only if the restart policy allows.
            if (PodSpecs.restartsOnFailure(pod)) {
                message += ", will be restarted";
                toStart.add(i);
            }
            kill(status.get(), message, reason);
        }
        if (keep == 0 && toStart.isEmpty()) {
            killPod = true;
            // Restartable init containers must not keep a finished pod alive.
            initToStart = new ArrayList<>();
        }
    }

    /** Upstream's PodSandboxChanged. */
    private void sandboxChange() {
        if (observed.sandboxes().isEmpty()) {
            createSandbox = killPod = true;
            attempt = 0;
            sandboxId = "";
            return;
        }
        ObservedSandbox newest = observed.sandboxes().getFirst();
        long ready = observed.sandboxes().stream().filter(ObservedSandbox::ready).count();
        boolean hostNetwork = pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        boolean recreate = ready > 1 || !newest.ready() || (!hostNetwork && newest.ip().isEmpty());
        createSandbox = killPod = recreate;
        attempt = recreate ? newest.attempt() + 1 : newest.attempt();
        sandboxId = newest.id();
    }

    /**
     * Upstream's computeInitContainerActions: walks the init containers from the last to find how
     * far initialization got (completed ones may have been removed), starts the next one, and keeps
     * restartable ones (sidecars) running. Returns whether the pod is initialized.
     */
    private boolean computeInitActions(List<Container> inits) {
        if (inits.isEmpty()) return true;
        boolean podHasInitialized = false;
        for (Container c : PodSpecs.containers(pod)) {
            Optional<ObservedContainer> s = observed.latest(c.getName());
            if (s.isPresent() && (s.get().state() == ContainerState.CREATED || s.get().state() == ContainerState.RUNNING)) {
                podHasInitialized = true;
                break;
            }
        }
        boolean previouslyInitialized = podHasInitialized;
        boolean restartOnFailure = PodSpecs.restartsOnFailure(pod);
        List<Integer> starts = new ArrayList<>();
        for (int i = inits.size() - 1; i >= 0; i--) {
            Container c = inits.get(i);
            boolean restartable = ContainerKind.isRestartableInit(c);
            Optional<ObservedContainer> found = observed.latest(c.getName());
            if (found.isEmpty()) {
                if (previouslyInitialized && restartable) starts.add(i);
                continue;
            }
            ObservedContainer status = found.get();
            if (previouslyInitialized && !restartable) continue;
            switch (status.state()) {
                case CREATED -> starts.add(i);
                case RUNNING -> {
                    if (!restartable) break;
                    String id = status.id().toString();
                    if (c.getStartupProbe() != null && !probes.is(ProbeType.STARTUP, id, ProbeResult.SUCCESS)) {
                        // A sidecar with a startup probe has started only once that passed; one that failed is restarted.
                        if (probes.is(ProbeType.STARTUP, id, ProbeResult.FAILURE)) {
                            kill(status, "Init container " + c.getName() + " failed startup probe", PodActions.KillReason.STARTUP_PROBE);
                            starts.add(i);
                        }
                        break;
                    }
                    if (i == inits.size() - 1) {
                        podHasInitialized = true;
                    } else if (!previouslyInitialized) {
                        starts.add(i + 1);
                    }
                    if (!status.hash().equals(ContainerHash.of(c))) {
                        kill(status, "Init container " + c.getName() + " definition changed", PodActions.KillReason.SPEC_CHANGED);
                        starts.add(i);
                    } else if (probes.is(ProbeType.LIVENESS, id, ProbeResult.FAILURE)) {
                        kill(status, "Init container " + c.getName() + " failed liveness probe", PodActions.KillReason.LIVENESS_PROBE);
                        starts.add(i);
                    }
                }
                case EXITED -> {
                    if (restartable) {
                        starts.add(i);
                    } else if (status.exitCode() != 0) {
                        if (!restartOnFailure) {
                            killPod = true;
                            initToStart = new ArrayList<>();
                            return false;
                        }
                        starts.add(i);
                    } else if (i == inits.size() - 1) {
                        podHasInitialized = true;
                    } else {
                        starts.add(i + 1);
                    }
                }
                default -> {
                    if (!restartable && !restartOnFailure) {
                        killPod = true;
                        initToStart = new ArrayList<>();
                        return false;
                    }
                    kill(status, "Init container is in \"unknown\" state, try killing it before restart", PodActions.KillReason.UNKNOWN_STATE);
                    starts.add(i);
                }
            }
            if (!previouslyInitialized) previouslyInitialized = true;
        }
        if (!previouslyInitialized) starts.add(0);
        Collections.reverse(starts);
        initToStart = starts;
        return podHasInitialized;
    }

    private boolean succeeded(Container c) {
        Optional<ObservedContainer> s = observed.latest(c.getName());
        return s.isPresent() && s.get().exited() && s.get().exitCode() == 0;
    }

    private boolean anyRegularContainerCreated() {
        for (Container c : PodSpecs.containers(pod)) {
            Optional<ObservedContainer> s = observed.latest(c.getName());
            if (s.isPresent() && s.get().state() != ContainerState.UNKNOWN) return true;
        }
        return false;
    }

    private void kill(ObservedContainer c, String message, PodActions.KillReason reason) {
        kills.put(c.id(), new PodActions.Kill(c.id(), c.name(), message, reason));
    }

    /**
     * Turns indexes into starts and applies upstream's doBackOff to each restart: a container whose
     * previous instance exited within the armed delay waits; otherwise the delay is armed anew.
     */
    private PodActions finish(Instant now) {
        RestartBackOff backOff = observed.backOff();
        List<PodActions.BackingOff> waiting = new ArrayList<>();
        List<PodActions.Start> inits = new ArrayList<>();
        List<PodActions.Start> regular = new ArrayList<>();
        List<PodActions.Start> ephemeral = new ArrayList<>();
        boolean starting = !killPod || createSandbox;
        if (starting) {
            List<Container> initSpecs = PodSpecs.initContainers(pod);
            for (int i : initToStart) backOff = gate(initSpecs.get(i), ContainerKind.ofInit(initSpecs.get(i)), now, backOff, inits, waiting);
            List<Container> ephemeralSpecs = PodSpecs.ephemeralContainers(pod);
            for (int i : ephemeralToStart) ephemeral.add(start(ephemeralSpecs.get(i), ContainerKind.EPHEMERAL));
            List<Container> specs = PodSpecs.containers(pod);
            for (int i : toStart) backOff = gate(specs.get(i), ContainerKind.REGULAR, now, backOff, regular, waiting);
        }
        return new PodActions(killPod, createSandbox, sandboxId, attempt, List.copyOf(kills.values()), inits, ephemeral, regular, waiting, backOff);
    }

    private RestartBackOff gate(Container c, ContainerKind kind, Instant now, RestartBackOff backOff,
                                List<PodActions.Start> starts, List<PodActions.BackingOff> waiting) {
        Optional<ObservedContainer> exited = observed.latestExited(c.getName());
        if (exited.isEmpty()) {
            starts.add(start(c, kind));
            return backOff;
        }
        Instant finishedAt = exited.get().finishedAt().orElse(exited.get().createdAt());
        String key = RestartBackOff.key(c.getName(), ContainerHash.of(c));
        if (backOff.inBackOffSince(key, finishedAt, now)) {
            Duration delay = backOff.delay(key);
            waiting.add(new PodActions.BackingOff(c.getName(), kind, delay, finishedAt.plus(delay),
                    "back-off " + GoDuration.format(delay) + " restarting failed container=" + c.getName() + " pod=" + PodSpecs.describe(pod)));
            return backOff;
        }
        starts.add(start(c, kind));
        return backOff.next(key, finishedAt, now);
    }

    private PodActions.Start start(Container c, ContainerKind kind) {
        int restartCount = observed.latest(c.getName()).map(o -> o.restartCount() + 1).orElse(0);
        return new PodActions.Start(c.getName(), kind, restartCount);
    }
}
