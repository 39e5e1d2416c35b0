package dev.beluga.api.table;

import static dev.beluga.api.table.ObjectFields.at;
import static dev.beluga.api.table.ObjectFields.number;
import static dev.beluga.api.table.ObjectFields.text;
import static dev.beluga.api.table.ObjectFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pods as upstream's printPod shows them: READY counts ready containers (and started restartable
 * init containers, i.e. sidecars), STATUS is the most telling reason (Init:N/M, Init:Error,
 * CrashLoopBackOff, ContainerCreating, Completed, Terminating, ...), RESTARTS adds when the last
 * restart happened.
 */
final class PodPrinter implements ResourcePrinter {
    private static final List<Column> COLUMNS = List.of(
            Column.nameColumn(),
            Column.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            Column.string("Status", "The aggregate status of the containers in this pod."),
            Column.string("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            Column.ageColumn(),
            Column.wide("IP", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
            Column.wide("Node", "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the "
                    + "scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle "
                    + "of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. "
                    + "https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename"),
            Column.wide("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled "
                    + "right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod "
                    + "will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. "
                    + "Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. "
                    + "As a result, this field may be different than PodSpec.nodeName when the pod is scheduled."),
            Column.wide("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its "
                    + "containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: "
                    + "https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates"));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode pod, Instant now) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        int restarts = 0;
        int sidecarRestarts = 0;
        int totalContainers = spec.path("containers").size();
        int readyContainers = 0;
        Optional<Instant> lastRestart = Optional.empty();
        Optional<Instant> lastSidecarRestart = Optional.empty();

        String phase = text(status, "phase");
        String reason = text(status, "reason").isEmpty() ? phase : text(status, "reason");
        for (JsonNode c : status.path("conditions")) {
            if (text(c, "type").equals("PodScheduled") && text(c, "reason").equals("SchedulingGated")) reason = "SchedulingGated";
        }

        Map<String, Boolean> sidecars = new HashMap<>();
        for (JsonNode c : spec.path("initContainers")) {
            boolean sidecar = text(c, "restartPolicy").equals("Always");
            sidecars.put(text(c, "name"), sidecar);
            if (sidecar) totalContainers++;
        }
        int initCount = spec.path("initContainers").size();

        boolean initializing = false;
        JsonNode initStatuses = status.path("initContainerStatuses");
        for (int i = 0; i < initStatuses.size(); i++) {
            JsonNode c = initStatuses.get(i);
            boolean sidecar = sidecars.getOrDefault(text(c, "name"), false);
            restarts += (int) number(c, "restartCount");
            Optional<Instant> finished = time(c, "lastState", "terminated", "finishedAt");
            lastRestart = later(lastRestart, finished);
            if (sidecar) {
                sidecarRestarts += (int) number(c, "restartCount");
                lastSidecarRestart = later(lastSidecarRestart, finished);
            }
            JsonNode terminated = at(c, "state", "terminated");
            JsonNode waiting = at(c, "state", "waiting");
            if (terminated.isObject() && number(terminated, "exitCode") == 0) continue;
            if (sidecar && c.path("started").asBoolean(false)) {
                if (c.path("ready").asBoolean(false)) readyContainers++;
                continue;
            }
            if (terminated.isObject()) {
                String r = text(terminated, "reason");
                if (r.isEmpty()) {
                    long signal = number(terminated, "signal");
                    reason = signal != 0 ? "Init:Signal:" + signal : "Init:ExitCode:" + number(terminated, "exitCode");
                } else {
                    reason = "Init:" + r;
                }
            } else if (waiting.isObject() && !text(waiting, "reason").isEmpty() && !text(waiting, "reason").equals("PodInitializing")) {
                reason = "Init:" + text(waiting, "reason");
            } else {
                reason = "Init:" + i + "/" + initCount;
            }
            initializing = true;
            break;
        }

        if (!initializing || conditionTrue(status, "Initialized")) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            JsonNode statuses = status.path("containerStatuses");
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode c = statuses.get(i);
                restarts += (int) number(c, "restartCount");
                lastRestart = later(lastRestart, time(c, "lastState", "terminated", "finishedAt"));
                JsonNode waiting = at(c, "state", "waiting");
                JsonNode terminated = at(c, "state", "terminated");
                if (waiting.isObject() && !text(waiting, "reason").isEmpty()) {
                    reason = text(waiting, "reason");
                } else if (terminated.isObject() && !text(terminated, "reason").isEmpty()) {
                    reason = text(terminated, "reason");
                } else if (terminated.isObject()) {
                    long signal = number(terminated, "signal");
                    reason = signal != 0 ? "Signal:" + signal : "ExitCode:" + number(terminated, "exitCode");
                } else if (c.path("ready").asBoolean(false) && at(c, "state", "running").isObject()) {
                    hasRunning = true;
                    readyContainers++;
                }
            }
            if (reason.equals("Completed") && hasRunning) {
                reason = conditionTrue(status, "Ready") ? "Running" : "NotReady";
            }
        }

        boolean deleting = !text(pod, "metadata", "deletionTimestamp").isEmpty();
        if (deleting && text(status, "reason").equals("NodeLost")) {
            reason = "Unknown";
        } else if (deleting && !phase.equals("Succeeded") && !phase.equals("Failed")) {
            reason = "Terminating";
        }

        String restartText = String.valueOf(restarts);
        if (restarts != 0 && lastRestart.isPresent()) {
            restartText = restarts + " (" + HumanDuration.since(lastRestart, now) + " ago)";
        }

        String podIp = text(status.path("podIPs").path(0), "ip");
        String node = text(spec, "nodeName");
        String nominated = text(status, "nominatedNodeName");
        return List.of(ObjectFields.name(pod), readyContainers + "/" + totalContainers, reason, restartText,
                HumanDuration.since(ObjectFields.creation(pod), now),
                orNone(podIp), orNone(node), orNone(nominated), readinessGates(spec, status));
    }

    @Override
    public List<ObjectNode> conditions(JsonNode pod) {
        return switch (text(pod, "status", "phase")) {
            case "Succeeded" -> List.of(completed("Succeeded", "The pod has completed successfully."));
            case "Failed" -> List.of(completed("Failed", "The pod failed."));
            default -> List.of();
        };
    }

    private static ObjectNode completed(String reason, String message) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("type", "Completed");
        c.put("status", "True");
        c.put("reason", reason);
        c.put("message", message);
        return c;
    }

    private static String readinessGates(JsonNode spec, JsonNode status) {
        JsonNode gates = spec.path("readinessGates");
        if (gates.isEmpty()) return "<none>";
        int trueConditions = 0;
        for (JsonNode gate : gates) {
            for (JsonNode c : status.path("conditions")) {
                if (text(c, "type").equals(text(gate, "conditionType"))) {
                    if (text(c, "status").equals("True")) trueConditions++;
                    break;
                }
            }
        }
        return trueConditions + "/" + gates.size();
    }

    private static boolean conditionTrue(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (text(c, "type").equals(type) && text(c, "status").equals("True")) return true;
        }
        return false;
    }

    private static Optional<Instant> later(Optional<Instant> current, Optional<Instant> candidate) {
        if (candidate.isEmpty()) return current;
        if (current.isEmpty() || current.get().isBefore(candidate.get())) return candidate;
        return current;
    }

    private static String orNone(String s) {
        return s.isEmpty() ? "<none>" : s;
    }
}
