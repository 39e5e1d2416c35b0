package dev.beluga.api.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defaults only a Pod gets (not a workload's template): upstream's SetDefaults_Pod, the pod strategy's
 * initial status, and the Priority and DefaultTolerationSeconds admission plugins.
 */
final class PodDefaults {
    static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";

    private PodDefaults() {}

    static void apply(Pod pod) {
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            spec = new PodSpec();
            pod.setSpec(spec);
        }
        PodSpecDefaults.apply(spec);
        for (Container c : PodSpecDefaults.list(spec.getContainers())) requestsFromLimits(c);
        for (Container c : PodSpecDefaults.list(spec.getInitContainers())) requestsFromLimits(c);
        if (spec.getEnableServiceLinks() == null) spec.setEnableServiceLinks(true);
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            for (Container c : PodSpecDefaults.list(spec.getContainers())) hostPortsFromContainerPorts(c);
            for (Container c : PodSpecDefaults.list(spec.getInitContainers())) hostPortsFromContainerPorts(c);
        }
        // Priority admission: no priorityClassName and no global default class means priority 0.
        if (spec.getPriority() == null && PodSpecDefaults.blank(spec.getPriorityClassName())) spec.setPriority(0);
        if (spec.getPreemptionPolicy() == null) spec.setPreemptionPolicy("PreemptLowerPriority");
        spec.setTolerations(withDefaultTolerations(spec.getTolerations()));

        PodStatus status = pod.getStatus();
        if (status == null) {
            status = new PodStatus();
            pod.setStatus(status);
        }
        if (PodSpecDefaults.blank(status.getPhase())) status.setPhase("Pending");
        if (PodSpecDefaults.blank(status.getQosClass())) status.setQosClass(PodQos.qosClass(spec));
    }

    /** A container with limits but no request for a resource requests its limit (pods only, as upstream). */
    private static void requestsFromLimits(Container c) {
        if (c.getResources() == null || c.getResources().getLimits() == null || c.getResources().getLimits().isEmpty()) return;
        Map<String, Quantity> requests = c.getResources().getRequests() == null
                ? new LinkedHashMap<>() : new LinkedHashMap<>(c.getResources().getRequests());
        for (Map.Entry<String, Quantity> limit : c.getResources().getLimits().entrySet()) {
            requests.putIfAbsent(limit.getKey(), new Quantity(limit.getValue().getAmount(), limit.getValue().getFormat()));
        }
        c.getResources().setRequests(requests);
    }

    private static void hostPortsFromContainerPorts(Container c) {
        for (ContainerPort p : PodSpecDefaults.list(c.getPorts())) {
            if (p.getHostPort() == null || p.getHostPort() == 0) p.setHostPort(p.getContainerPort());
        }
    }

    private static List<Toleration> withDefaultTolerations(List<Toleration> tolerations) {
        List<Toleration> current = PodSpecDefaults.list(tolerations);
        boolean notReady = false;
        boolean unreachable = false;
        for (Toleration t : current) {
            boolean anyKey = PodSpecDefaults.blank(t.getKey());
            boolean noExecute = PodSpecDefaults.blank(t.getEffect()) || "NoExecute".equals(t.getEffect());
            if (noExecute && (anyKey || NOT_READY_TAINT.equals(t.getKey()))) notReady = true;
            if (noExecute && (anyKey || UNREACHABLE_TAINT.equals(t.getKey()))) unreachable = true;
        }
        if (notReady && unreachable) return tolerations;
        List<Toleration> out = new ArrayList<>(current);
        if (!notReady) out.add(new Toleration("NoExecute", NOT_READY_TAINT, "Exists", Defaulting.defaultNotReadyTolerationSeconds, null));
        if (!unreachable) out.add(new Toleration("NoExecute", UNREACHABLE_TAINT, "Exists", Defaulting.defaultUnreachableTolerationSeconds, null));
        return out;
    }
}
