package dev.beluga.kubelet.pod;

import dev.beluga.kubelet.probe.ProbeSnapshot;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the pod status is computed from.
 *
 * @param observed      the runtime's view of the pod, after this sync's actions
 * @param waiting       by container name: why a container that should run does not (the kubelet's reason cache)
 * @param podIsTerminal the pod's containers are stopped for good (it finished or is being deleted),
 *                      so the phase is Succeeded or Failed whatever the restart policy
 * @param hostIps       the node's addresses for status.hostIP(s)
 * @param previous      the status the kubelet last wrote, or the API's when it wrote none yet
 * @param probes        the containers' probe results: they decide started and ready
 */
public record StatusInputs(Pod pod, PodRuntimeState observed, Map<String, WaitingReason> waiting, boolean podIsTerminal,
                           List<String> hostIps, PodStatus previous, Instant now, ProbeSnapshot probes) {
    public StatusInputs {
        waiting = Map.copyOf(waiting);
        hostIps = List.copyOf(hostIps);
    }

    /** Inputs of a pod whose probes have published nothing. */
    public StatusInputs(Pod pod, PodRuntimeState observed, Map<String, WaitingReason> waiting, boolean podIsTerminal,
                        List<String> hostIps, PodStatus previous, Instant now) {
        this(pod, observed, waiting, podIsTerminal, hostIps, previous, now, ProbeSnapshot.none());
    }
}
