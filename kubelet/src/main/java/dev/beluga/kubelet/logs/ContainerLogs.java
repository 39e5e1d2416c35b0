package dev.beluga.kubelet.logs;

import dev.beluga.kubelet.runtime.ContainerState;
import dev.beluga.kubelet.runtime.ContainerStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A kubelet's container logs (upstream's GetKubeletContainerLogs): finds the pod among the kubelet's
 * pods, the container instance from the pod's status, its log file from the runtime, and copies it.
 */
public final class ContainerLogs {
    /** The kubelet's pods by name, with the status the kubelet last computed. */
    @FunctionalInterface
    public interface Pods {
        Optional<Pod> byName(String namespace, String name);
    }

    /** The runtime's view of a container instance (CRI ContainerStatus), e.g. {@code runtime::containerStatus}. */
    @FunctionalInterface
    public interface Statuses {
        Optional<ContainerStatus> containerStatus(String containerId);
    }

    /** Where a request's log is, or the HTTP status and message upstream's kubelet answers with. */
    public sealed interface Lookup {}

    public record Found(Path file, String containerId) implements Lookup {}

    public record Refused(int code, String message) implements Lookup {}

    private final Pods pods;
    private final Statuses runtime;
    private final PodLogDirectory logDirectory;

    /** @param podLogsRoot where pod log directories are (the sandbox's log directory is {@code <root>/<ns>_<name>_<uid>}) */
    public ContainerLogs(Pods pods, Statuses runtime, Path podLogsRoot) {
        this.pods = pods;
        this.runtime = runtime;
        this.logDirectory = new PodLogDirectory(podLogsRoot);
    }

    public Lookup locate(String namespace, String podName, String container, boolean previous) {
        Optional<Pod> found = pods.byName(namespace, podName);
        if (found.isEmpty()) return new Refused(404, "pod \"" + podName + "\" does not exist");
        Pod pod = found.get();
        if (!hasContainer(pod, container)) return new Refused(404, "container \"" + container + "\" not found in pod \"" + podName + "\"");
        return switch (ContainerLogStatus.choose(pod, container, previous)) {
            case ContainerLogStatus.Unavailable u -> new Refused(400, u.message());
            case ContainerLogStatus.Instance i -> {
                Optional<ContainerStatus> status = runtime.containerStatus(i.containerId());
                if (status.isEmpty()) yield new Refused(400, "failed to get container status \"" + i.containerId() + "\": container not found");
                Path file = logFile(pod, status.get());
                if (!Files.isRegularFile(file)) yield new Refused(400, "failed to try resolving symlinks in path \"" + file + "\": no such file or directory");
                yield new Found(file, i.containerId());
            }
        };
    }

    /** Copies the log; following, until the container stops running or the client goes (a write fails). */
    public void copy(Found found, LogOptions options, OutputStream out) throws IOException {
        ContainerLogReader.copy(found.file(), options, () -> runtime.containerStatus(found.containerId())
                .map(s -> s.state() == ContainerState.RUNNING).orElse(false), out);
    }

    /** containerd reports the full path; a runtime reporting it relative to the sandbox's log directory is resolved here. */
    private Path logFile(Pod pod, ContainerStatus status) {
        Path reported = Path.of(status.logPath());
        if (reported.isAbsolute()) return reported;
        var meta = pod.getMetadata();
        return logDirectory.of(meta.getNamespace(), meta.getName(), meta.getUid()).resolve(reported);
    }

    private static boolean hasContainer(Pod pod, String name) {
        if (pod.getSpec() == null) return false;
        Stream<String> names = Stream.of(
                pod.getSpec().getInitContainers() == null ? Stream.<String>empty() : pod.getSpec().getInitContainers().stream().map(Container::getName),
                pod.getSpec().getContainers() == null ? Stream.<String>empty() : pod.getSpec().getContainers().stream().map(Container::getName),
                pod.getSpec().getEphemeralContainers() == null ? Stream.<String>empty()
                        : pod.getSpec().getEphemeralContainers().stream().map(EphemeralContainer::getName)).flatMap(s -> s);
        return names.anyMatch(name::equals);
    }
}
