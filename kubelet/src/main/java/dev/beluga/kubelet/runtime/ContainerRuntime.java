package dev.beluga.kubelet.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The kubelet's view of a container runtime, shaped after the CRI RuntimeService (and, through
 * {@link ImageService}, the CRI ImageService) so that a CRI client over containerd's socket and the
 * in-process simulated runtime of hollow nodes are interchangeable behind it.
 *
 * <p>As in CRI, the runtime knows nothing of Kubernetes objects: the kubelet describes sandboxes and
 * containers with configs, finds its own objects again through the labels it put on them (so a
 * restarted kubelet re-adopts what is running), and keeps restart counts and spec hashes in
 * annotations. Status calls answer empty for an unknown id; other calls on an unknown id throw
 * {@link ContainerRuntimeException} with {@link ContainerRuntimeException.Code#NOT_FOUND}.
 * Stop and remove calls are idempotent, as in CRI.
 */
public interface ContainerRuntime extends ImageService {

    /** CRI Version: e.g. ("containerd", "1.6.20", "v1"); nodeInfo.containerRuntimeVersion is name://version. */
    RuntimeVersion version();

    /** CRI Status: whether the runtime and its network are ready (the node's Ready condition follows). */
    RuntimeStatus status();

    /** CRI RunPodSandbox: creates and starts the sandbox (network namespace, pod IP); returns its id. */
    String runPodSandbox(SandboxConfig config);

    /** CRI StopPodSandbox: stops every container in it and tears the network down (the pod IP is released). */
    void stopPodSandbox(String sandboxId);

    /** CRI RemovePodSandbox: removes it and its containers; a ready sandbox is stopped first. */
    void removePodSandbox(String sandboxId);

    Optional<SandboxStatus> podSandboxStatus(String sandboxId);

    List<SandboxSummary> listPodSandboxes(SandboxFilter filter);

    /** CRI CreateContainer: the container exists in state CREATED; returns its id. */
    String createContainer(String sandboxId, ContainerConfig config, SandboxConfig sandboxConfig);

    void startContainer(String containerId);

    /** CRI StopContainer: SIGTERM (or the image's stop signal), then SIGKILL once {@code timeout} has passed. */
    void stopContainer(String containerId, Duration timeout);

    void removeContainer(String containerId);

    Optional<ContainerStatus> containerStatus(String containerId);

    List<ContainerSummary> listContainers(ContainerFilter filter);

    /**
     * CRI ExecSync: runs {@code command} in the running container and waits for it, at most
     * {@code timeout} (then {@link ExecResult#timedOut()}); a zero timeout waits without limit, as
     * in CRI (lifecycle hooks). Probes and lifecycle hooks use it.
     * Throws {@link ContainerRuntimeException} when the container is unknown or not running.
     */
    ExecResult execSync(String containerId, List<String> command, Duration timeout);

    /**
     * CRI GetContainerEvents: streams container lifecycle changes to {@code listener} until the
     * subscription is closed. Empty when this runtime cannot stream events; the kubelet then finds
     * changes by relisting (upstream's generic PLEG).
     */
    Optional<Subscription> containerEvents(ContainerEventListener listener);
}
