package dev.beluga.kubelet.logs;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which container instance's log a request means, from the pod's status (upstream's
 * validateContainerLogStatus): the running one, else the terminated one, else the last terminated;
 * with previous, the last terminated one. Without I/O.
 */
public final class ContainerLogStatus {
    /** The runtime's id of the container instance, or why there is no log to read (upstream answers 400 with the message). */
    public sealed interface Choice {}

    public record Instance(String containerId) implements Choice {}

    public record Unavailable(String message) implements Choice {}

    private ContainerLogStatus() {}

    public static Choice choose(Pod pod, String containerName, boolean previous) {
        String podName = pod.getMetadata().getName();
        Optional<ContainerStatus> found = find(pod.getStatus(), containerName);
        if (found.isEmpty()) return new Unavailable("container \"" + containerName + "\" in pod \"" + podName + "\" is not available");
        ContainerStatus s = found.get();
        ContainerState state = s.getState() == null ? new ContainerState() : s.getState();
        ContainerState last = s.getLastState() == null ? new ContainerState() : s.getLastState();
        String lastId = last.getTerminated() == null ? "" : orEmpty(last.getTerminated().getContainerID());
        if (previous) {
            if (lastId.isEmpty()) return new Unavailable("previous terminated container \"" + containerName + "\" in pod \"" + podName + "\" not found");
            return instance(lastId);
        }
        if (state.getRunning() != null) return instance(orEmpty(s.getContainerID()));
        if (state.getTerminated() != null) {
            String id = orEmpty(state.getTerminated().getContainerID());
            if (!id.isEmpty()) return instance(id);
            // The next instance did not start: the last one's log is the latest there is.
            if (!lastId.isEmpty()) return instance(lastId);
            return new Unavailable("container \"" + containerName + "\" in pod \"" + podName + "\" is terminated");
        }
        if (last.getTerminated() != null) {
            if (lastId.isEmpty()) return new Unavailable("container \"" + containerName + "\" in pod \"" + podName + "\" is terminated");
            return instance(lastId);
        }
        if (state.getWaiting() != null) {
            String reason = orEmpty(state.getWaiting().getReason());
            String why = switch (reason) {
                case "ErrImagePull" -> "image can't be pulled";
                case "ImagePullBackOff" -> "trying and failing to pull image";
                default -> reason;
            };
            return new Unavailable("container \"" + containerName + "\" in pod \"" + podName + "\" is waiting to start: " + why);
        }
        return new Unavailable("container \"" + containerName + "\" in pod \"" + podName + "\" is waiting to start - no logs yet");
    }

    /** The id a status carries ("containerd://abc") without its runtime prefix, as CRI calls take it. */
    static Instance instance(String statusId) {
        int sep = statusId.indexOf("://");
        return new Instance(sep < 0 ? statusId : statusId.substring(sep + 3));
    }

    private static Optional<ContainerStatus> find(PodStatus status, String name) {
        if (status == null) return Optional.empty();
        List<ContainerStatus> all = new ArrayList<>();
        if (status.getContainerStatuses() != null) all.addAll(status.getContainerStatuses());
        if (status.getInitContainerStatuses() != null) all.addAll(status.getInitContainerStatuses());
        if (status.getEphemeralContainerStatuses() != null) all.addAll(status.getEphemeralContainerStatuses());
        return all.stream().filter(c -> name.equals(c.getName())).findFirst();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
