package dev.beluga.kubelet.server.stream;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runtime's id of a pod's running container, from the status the kubelet last computed
 * (upstream looks the container up in the runtime's pod; a container that is not running has no
 * session to join).
 */
public final class RunningContainer {
    private RunningContainer() {}

    public static Optional<String> id(Pod pod, String container) {
        if (pod.getStatus() == null) return Optional.empty();
        List<ContainerStatus> statuses = new ArrayList<>();
        if (pod.getStatus().getContainerStatuses() != null) statuses.addAll(pod.getStatus().getContainerStatuses());
        if (pod.getStatus().getInitContainerStatuses() != null) statuses.addAll(pod.getStatus().getInitContainerStatuses());
        if (pod.getStatus().getEphemeralContainerStatuses() != null) statuses.addAll(pod.getStatus().getEphemeralContainerStatuses());
        for (ContainerStatus s : statuses) {
            if (!container.equals(s.getName())) continue;
            if (s.getState() == null || s.getState().getRunning() == null) return Optional.empty();
            String id = s.getContainerID();
            if (id == null || id.isEmpty()) return Optional.empty();
            // "containerd://<id>": the runtime wants the bare id.
            int scheme = id.indexOf("://");
            return Optional.of(scheme < 0 ? id : id.substring(scheme + 3));
        }
        return Optional.empty();
    }
}
