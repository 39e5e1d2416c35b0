package dev.beluga.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Upstream's kubelet/status/generate.go: the conditions the kubelet owns, with their reasons and messages. */
final class PodConditions {
    static final String POD_SCHEDULED = "PodScheduled";
    static final String READY_TO_START = "PodReadyToStartContainers";
    static final String INITIALIZED = "Initialized";
    static final String READY = "Ready";
    static final String CONTAINERS_READY = "ContainersReady";
    /** Conditions the kubelet regenerates on every status; all others are someone else's and kept. */
    static final Set<String> OWNED = Set.of(POD_SCHEDULED, READY_TO_START, INITIALIZED, READY, CONTAINERS_READY);

    private PodConditions() {}

    /** True once the sandbox is up with its network (upstream: no new sandbox needed). */
    static PodCondition readyToStartContainers(Pod pod, PodRuntimeState observed) {
        Optional<ObservedSandbox> s = observed.newestSandbox();
        long ready = observed.sandboxes().stream().filter(ObservedSandbox::ready).count();
        boolean hostNetwork = pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        boolean ok = s.isPresent() && s.get().ready() && ready == 1 && (hostNetwork || s.get().ip().isPresent());
        return condition(READY_TO_START, ok, null, null);
    }

    static PodCondition initialized(Pod pod, List<ContainerStatus> init, List<ContainerStatus> regular, String phase) {
        List<String> unknown = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        for (Container c : PodSpecs.initContainers(pod)) {
            Optional<ContainerStatus> s = PodPhases.find(init, c.getName());
            if (s.isEmpty()) {
                unknown.add(c.getName());
                continue;
            }
            if (ContainerKind.isRestartableInit(c)) {
                if (!Boolean.TRUE.equals(s.get().getStarted())) incomplete.add(c.getName());
                continue;
            }
            var t = s.get().getState() == null ? null : s.get().getState().getTerminated();
            if (t == null || t.getExitCode() == null || t.getExitCode() != 0) incomplete.add(c.getName());
        }
        if ("Succeeded".equals(phase) && unknown.isEmpty()) return condition(INITIALIZED, true, "PodCompleted", null);
        if (PodPhases.anyRegularContainerStarted(pod, regular)) return condition(INITIALIZED, true, null, null);
        List<String> messages = new ArrayList<>();
        if (!unknown.isEmpty()) messages.add("containers with unknown status: " + goList(unknown));
        if (!incomplete.isEmpty()) messages.add("containers with incomplete status: " + goList(incomplete));
        if (!messages.isEmpty()) return condition(INITIALIZED, false, "ContainersNotInitialized", String.join(", ", messages));
        return condition(INITIALIZED, true, null, null);
    }

    static PodCondition containersReady(Pod pod, List<ContainerStatus> init, List<ContainerStatus> regular, String phase) {
        List<String> unknown = new ArrayList<>();
        List<String> unready = new ArrayList<>();
        for (Container c : PodSpecs.initContainers(pod)) {
            if (!ContainerKind.isRestartableInit(c)) continue;
            Optional<ContainerStatus> s = PodPhases.find(init, c.getName());
            if (s.isEmpty()) unknown.add(c.getName());
            else if (!Boolean.TRUE.equals(s.get().getReady())) unready.add(c.getName());
        }
        for (Container c : PodSpecs.containers(pod)) {
            Optional<ContainerStatus> s = PodPhases.find(regular, c.getName());
            if (s.isEmpty()) unknown.add(c.getName());
            else if (!Boolean.TRUE.equals(s.get().getReady())) unready.add(c.getName());
        }
        if ("Succeeded".equals(phase) && unknown.isEmpty()) return condition(CONTAINERS_READY, false, "PodCompleted", null);
        if ("Failed".equals(phase)) return condition(CONTAINERS_READY, false, "PodFailed", null);
        List<String> messages = new ArrayList<>();
        if (!unknown.isEmpty()) messages.add("containers with unknown status: " + goList(unknown));
        if (!unready.isEmpty()) messages.add("containers with unready status: " + goList(unready));
        if (!messages.isEmpty()) return condition(CONTAINERS_READY, false, "ContainersNotReady", String.join(", ", messages));
        return condition(CONTAINERS_READY, true, null, null);
    }

    /** Ready follows ContainersReady, then the readiness gates (conditions others set). */
    static PodCondition ready(Pod pod, List<PodCondition> conditions, PodCondition containersReady) {
        if (!"True".equals(containersReady.getStatus())) {
            return condition(READY, false, containersReady.getReason(), containersReady.getMessage());
        }
        List<String> messages = new ArrayList<>();
        List<PodReadinessGate> gates = pod.getSpec() == null || pod.getSpec().getReadinessGates() == null ? List.of() : pod.getSpec().getReadinessGates();
        for (PodReadinessGate g : gates) {
            Optional<PodCondition> c = conditions.stream().filter(x -> g.getConditionType().equals(x.getType())).findFirst();
            if (c.isEmpty()) {
                messages.add("corresponding condition of pod readiness gate \"" + g.getConditionType() + "\" does not exist.");
            } else if (!"True".equals(c.get().getStatus())) {
                messages.add("the status of pod readiness gate \"" + g.getConditionType() + "\" is not \"True\", but " + c.get().getStatus());
            }
        }
        if (!messages.isEmpty()) return condition(READY, false, "ReadinessGatesNotReady", String.join(", ", messages));
        return condition(READY, true, null, null);
    }

    static PodCondition scheduled() {
        return condition(POD_SCHEDULED, true, null, null);
    }

    private static PodCondition condition(String type, boolean status, String reason, String message) {
        return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason).withMessage(message).build();
    }

    /** Go's %s of a []string: "[a b]". */
    private static String goList(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }
}
