package dev.beluga.kubelet.pod;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The pod status the kubelet reports (upstream's generateAPIPodStatus plus the status manager's
 * bookkeeping), computed without I/O: phase, the kubelet's conditions (others' are kept),
 * container statuses, host and pod IPs, start time; transition times and the start time survive
 * from the previous status, so an unchanged pod yields an equal status and nothing is written.
 */
public final class PodStatusGenerator {
    private PodStatusGenerator() {}

    public static PodStatus generate(StatusInputs in) {
        Pod pod = in.pod();
        PodStatus previous = in.previous() == null ? new PodStatus() : in.previous();
        PodStatus api = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        PodStatus s = new PodStatus();

        List<String> ips = in.observed().podIps();
        if (!ips.isEmpty()) {
            s.setPodIP(ips.getFirst());
            s.setPodIPs(ips.stream().map(PodIP::new).toList());
        } else if (previous.getPodIP() != null && !previous.getPodIP().isEmpty()) {
            // The sandbox is gone or stopped (a finished pod): keep showing the IP it had.
            s.setPodIP(previous.getPodIP());
            s.setPodIPs(previous.getPodIPs());
        }
        s.setQosClass(api.getQosClass() != null ? api.getQosClass() : previous.getQosClass());
        s.setNominatedNodeName(api.getNominatedNodeName());

        List<ContainerStatus> regular = ContainerStatuses.convert(in, PodSpecs.containers(pod), previous.getContainerStatuses(), ContainerKind.REGULAR);
        List<ContainerStatus> init = ContainerStatuses.convert(in, PodSpecs.initContainers(pod), previous.getInitContainerStatuses(), ContainerKind.INIT);
        List<ContainerStatus> ephemeral = ContainerStatuses.convert(in, PodSpecs.ephemeralContainers(pod), previous.getEphemeralContainerStatuses(), ContainerKind.EPHEMERAL);
        s.setContainerStatuses(regular);
        s.setInitContainerStatuses(init);
        s.setEphemeralContainerStatuses(ephemeral);

        String phase = PodPhases.phase(pod, init, regular, in.podIsTerminal());
        if (!PodSpecs.terminalPhase(phase)) {
            // Phases never leave Succeeded or Failed.
            if (PodSpecs.terminalPhase(previous.getPhase())) phase = previous.getPhase();
            else if (PodSpecs.terminalPhase(api.getPhase())) phase = api.getPhase();
        }
        if (PodSpecs.terminalPhase(api.getPhase())) phase = api.getPhase();
        s.setPhase(phase);
        if (phase.equals(previous.getPhase())) {
            s.setReason(firstNonEmpty(previous.getReason(), api.getReason()));
            s.setMessage(firstNonEmpty(previous.getMessage(), api.getMessage()));
        }

        List<PodCondition> conditions = new ArrayList<>();
        if (api.getConditions() != null) {
            for (PodCondition c : api.getConditions()) if (!PodConditions.OWNED.contains(c.getType())) conditions.add(c);
        }
        conditions.add(PodConditions.readyToStartContainers(pod, in.observed()));
        conditions.add(PodConditions.initialized(pod, init, regular, phase));
        PodCondition containersReady = PodConditions.containersReady(pod, init, regular, phase);
        conditions.add(PodConditions.ready(pod, conditions, containersReady));
        conditions.add(containersReady);
        conditions.add(PodConditions.scheduled());
        s.setConditions(withTransitionTimes(conditions, previous, api, in));

        if (!in.hostIps().isEmpty()) {
            s.setHostIP(in.hostIps().getFirst());
            s.setHostIPs(in.hostIps().stream().map(HostIP::new).toList());
            boolean hostNetwork = pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
            if (hostNetwork && (s.getPodIP() == null || s.getPodIP().isEmpty())) {
                s.setPodIP(in.hostIps().getFirst());
                s.setPodIPs(List.of(new PodIP(in.hostIps().getFirst())));
            }
        }

        String started = firstNonEmpty(previous.getStartTime(), api.getStartTime());
        s.setStartTime(started != null ? started : Times.format(in.now()));
        return s;
    }

    /**
     * Upstream's status manager: a condition keeps its lastTransitionTime while its status stays;
     * a changed or new one gets now. Conditions owned by others are kept as they are.
     */
    private static List<PodCondition> withTransitionTimes(List<PodCondition> conditions, PodStatus previous, PodStatus api, StatusInputs in) {
        List<PodCondition> out = new ArrayList<>();
        for (PodCondition c : conditions) {
            if (!PodConditions.OWNED.contains(c.getType())) {
                out.add(c);
                continue;
            }
            PodCondition before = find(previous.getConditions(), c.getType());
            if (before == null) before = find(api.getConditions(), c.getType());
            String time = before != null && c.getStatus().equals(before.getStatus()) && before.getLastTransitionTime() != null
                    ? before.getLastTransitionTime() : Times.format(in.now());
            out.add(new PodConditionBuilder(c).withLastTransitionTime(time).withLastProbeTime(null).build());
        }
        return out;
    }

    private static PodCondition find(List<PodCondition> conditions, String type) {
        if (conditions == null) return null;
        for (PodCondition c : conditions) if (type.equals(c.getType())) return c;
        return null;
    }

    private static String firstNonEmpty(String a, String b) {
        if (a != null && !a.isEmpty()) return a;
        if (b != null && !b.isEmpty()) return b;
        return null;
    }
}
