package dev.beluga.kubelet.pod;

import dev.beluga.kubelet.probe.ProbeResult;
import dev.beluga.kubelet.probe.ProbeSnapshot;
import dev.beluga.kubelet.probe.ProbeType;
import dev.beluga.kubelet.runtime.ContainerState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateRunningBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateWaitingBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's convertToAPIContainerStatuses: one status per container of a spec list, from the
 * newest runtime instance (state) and the one before it (lastState), falling back on the previous
 * status and on the default waiting reason (ContainerCreating, or PodInitializing while init
 * containers run); a container that should restart but cannot shows the remembered waiting reason.
 * Then readiness as upstream's prober manager sets it when no probe is configured.
 */
final class ContainerStatuses {
    static final String CONTAINER_CREATING = "ContainerCreating";
    static final String POD_INITIALIZING = "PodInitializing";
    static final String STATUS_UNKNOWN = "ContainerStatusUnknown";

    private ContainerStatuses() {}

    static List<ContainerStatus> convert(StatusInputs in, List<Container> specs, List<ContainerStatus> previous, ContainerKind listKind) {
        if (specs.isEmpty()) return List.of();
        Pod pod = in.pod();
        boolean hasInitContainers = !PodSpecs.initContainers(pod).isEmpty();
        boolean isInit = listKind == ContainerKind.INIT;
        String defaultReason = hasInitContainers ? POD_INITIALIZING : CONTAINER_CREATING;

        Map<String, ContainerStatus> old = new HashMap<>();
        if (previous != null) for (ContainerStatus s : previous) old.put(s.getName(), s);

        Map<String, ContainerStatus> statuses = new LinkedHashMap<>();
        for (Container c : specs) {
            ContainerStatus o = old.get(c.getName());
            ContainerStatus s;
            if (o != null && o.getState() != null && o.getState().getTerminated() != null) {
                s = new ContainerStatusBuilder(o).build();
            } else {
                s = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                        .withState(new ContainerStateBuilder().withWaiting(new ContainerStateWaitingBuilder().withReason(defaultReason).build()).build())
                        .withRestartCount(o == null || o.getRestartCount() == null ? 0 : o.getRestartCount())
                        .withLastState(o == null || o.getLastState() == null ? new ContainerStateBuilder().build() : new ContainerStateBuilder(o.getLastState()).build())
                        .build();
            }
            statuses.put(c.getName(), s);
        }

        // A container that was running and vanished from the runtime did not just never start: say it stopped.
        for (Container c : specs) {
            boolean running = in.observed().containers().stream().anyMatch(x -> x.name().equals(c.getName()) && x.running());
            ContainerStatus o = old.get(c.getName());
            if (running || o == null || o.getState() == null) continue;
            if (o.getState().getTerminated() != null || o.getState().getRunning() == null) continue;
            ContainerStatus s = statuses.get(c.getName());
            boolean defaultWaiting = s.getState().getWaiting() != null && defaultReason.equals(s.getState().getWaiting().getReason());
            if (!defaultWaiting || (s.getLastState() != null && s.getLastState().getTerminated() != null)) continue;
            s.setLastState(new ContainerStateBuilder().withTerminated(new ContainerStateTerminatedBuilder()
                    .withReason(STATUS_UNKNOWN)
                    .withMessage("The container could not be located when the pod was deleted.  The container used to be Running")
                    .withExitCode(137).build()).build());
            if (!PodSpecs.deleting(pod)) s.setRestartCount(s.getRestartCount() + 1);
        }

        // The newest instance gives the state, the one before it the last state.
        Map<String, Integer> seen = new HashMap<>();
        for (ObservedContainer oc : in.observed().containers()) {
            if (!statuses.containsKey(oc.name())) continue;
            int n = seen.getOrDefault(oc.name(), 0);
            if (n >= 2) continue;
            ContainerStatus converted = fromRuntime(oc, old.get(oc.name()));
            if (n == 0) {
                statuses.put(oc.name(), converted);
            } else {
                statuses.get(oc.name()).setLastState(converted.getState());
            }
            seen.put(oc.name(), n + 1);
        }

        // A container that should run again but cannot shows why it waits.
        for (Container c : specs) {
            if (isInit) {
                Optional<ObservedContainer> latest = in.observed().latest(c.getName());
                if (latest.isPresent() && latest.get().exited() && latest.get().exitCode() == 0) continue;
            }
            if (!RestartRules.shouldRestart(c, pod, in.observed())) continue;
            WaitingReason why = in.waiting().get(c.getName());
            if (why == null) continue;
            ContainerStatus s = statuses.get(c.getName());
            if (s.getState() != null && s.getState().getTerminated() != null) s.setLastState(s.getState());
            s.setState(new ContainerStateBuilder().withWaiting(new ContainerStateWaitingBuilder()
                    .withReason(why.reason()).withMessage(why.message().isEmpty() ? null : why.message()).build()).build());
        }

        List<ContainerStatus> out = new ArrayList<>();
        for (Container c : specs) {
            ContainerStatus s = statuses.get(c.getName());
            setReadiness(s, c, listKind == ContainerKind.INIT ? ContainerKind.ofInit(c) : listKind, in.probes());
            out.add(s);
        }
        // Upstream sorts regular (and ephemeral) container statuses by name; init ones keep spec order.
        if (!isInit) out.sort(Comparator.comparing(ContainerStatus::getName));
        return out;
    }

    private static ContainerStatus fromRuntime(ObservedContainer oc, ContainerStatus old) {
        String cid = oc.id().toString();
        ContainerStatusBuilder b = new ContainerStatusBuilder().withName(oc.name()).withRestartCount(oc.restartCount())
                .withImage(oc.image()).withImageID(oc.imageRef()).withContainerID(cid)
                .withLastState(new ContainerStateBuilder().build());
        ContainerStateBuilder state = new ContainerStateBuilder();
        if (oc.state() == ContainerState.RUNNING) {
            state.withRunning(new ContainerStateRunningBuilder().withStartedAt(oc.startedAt().map(Times::format).orElse(null)).build());
        } else if (oc.state() == ContainerState.CREATED) {
            state.withWaiting(new ContainerStateWaitingBuilder().build());
        } else if (oc.state() == ContainerState.EXITED) {
            ContainerStateTerminated t = new ContainerStateTerminatedBuilder().withExitCode(oc.exitCode())
                    .withReason(emptyToNull(oc.reason())).withMessage(emptyToNull(oc.message()))
                    .withStartedAt(oc.startedAt().map(Times::format).orElse(null))
                    .withFinishedAt(oc.finishedAt().map(Times::format).orElse(null))
                    .withContainerID(cid).build();
            state.withTerminated(t);
        } else if (old != null && old.getState() != null && old.getState().getRunning() != null) {
            state.withTerminated(new ContainerStateTerminatedBuilder().withReason(STATUS_UNKNOWN)
                    .withMessage("The container could not be located when the pod was terminated").withExitCode(137).build());
            b.withRestartCount((old.getRestartCount() == null ? 0 : old.getRestartCount()) + 1);
        } else {
            state.withWaiting(new ContainerStateWaitingBuilder().build());
        }
        return b.withState(state.build()).build();
    }

    /**
     * Upstream's prober manager UpdatePodStatus: a running container has started once its startup
     * probe passed (at once without one); a started one is ready once its readiness probe passed
     * (at once without one); a finished regular init container is ready when it succeeded.
     */
    private static void setReadiness(ContainerStatus s, Container c, ContainerKind kind, ProbeSnapshot probes) {
        boolean running = s.getState() != null && s.getState().getRunning() != null;
        if (kind == ContainerKind.EPHEMERAL) {
            // Upstream's prober manager never looks at ephemeral containers.
            s.setReady(false);
            return;
        }
        String id = s.getContainerID();
        boolean started = running && (c.getStartupProbe() == null || probes.is(ProbeType.STARTUP, id, ProbeResult.SUCCESS));
        s.setStarted(started);
        if (kind == ContainerKind.INIT) {
            ContainerStateTerminated t = s.getState() == null ? null : s.getState().getTerminated();
            s.setReady(t != null && t.getExitCode() != null && t.getExitCode() == 0);
            return;
        }
        boolean ready = started && (c.getReadinessProbe() == null || probes.is(ProbeType.READINESS, id, ProbeResult.SUCCESS));
        s.setReady(ready);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
