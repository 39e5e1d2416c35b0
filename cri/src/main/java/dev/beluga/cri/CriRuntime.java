package dev.beluga.cri;

import dev.beluga.cri.v1.Cri;
import dev.beluga.cri.v1.ImageServiceGrpc;
import dev.beluga.cri.v1.RuntimeServiceGrpc;
import dev.beluga.kubelet.runtime.ContainerConfig;
import dev.beluga.kubelet.runtime.ContainerEventListener;
import dev.beluga.kubelet.runtime.ContainerFilter;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import dev.beluga.kubelet.runtime.ContainerRuntimeException;
import dev.beluga.kubelet.runtime.ContainerStatus;
import dev.beluga.kubelet.runtime.ContainerSummary;
import dev.beluga.kubelet.runtime.ExecResult;
import dev.beluga.kubelet.runtime.ImageInfo;
import dev.beluga.kubelet.runtime.ImageSpec;
import dev.beluga.kubelet.runtime.RuntimeStatus;
import dev.beluga.kubelet.runtime.RuntimeVersion;
import dev.beluga.kubelet.runtime.SandboxConfig;
import dev.beluga.kubelet.runtime.SandboxFilter;
import dev.beluga.kubelet.runtime.SandboxStatus;
import dev.beluga.kubelet.runtime.SandboxSummary;
import dev.beluga.kubelet.runtime.Subscription;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The kubelet's {@link ContainerRuntime} over a CRI runtime.v1 socket (containerd's): each SPI call
 * is one CRI call, its records mapped by {@link CriMessages}, its gRPC failures turned into
 * {@link ContainerRuntimeException}s by {@link CriErrors}. Every call has a deadline (30 s; image
 * pulls 2 min; stops and execs their own timeout plus 30 s) so a wedged runtime cannot hang a pod worker.
 * Thread-safe; close it to release the connection.
 */
public final class CriRuntime implements ContainerRuntime, AutoCloseable {
    /** The CRI API version the kubelet speaks in VersionRequest. */
    public static final String CRI_API_VERSION = "v1";
    static final Duration CALL_DEADLINE = Duration.ofSeconds(30);
    static final Duration PULL_DEADLINE = Duration.ofMinutes(2);
    /** containerd caps exec output at 16 MiB per stream; two streams plus framing must fit. */
    private static final int MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

    private final Path socketPath;
    private final EventLoopGroup eventLoop;
    private final ManagedChannel channel;
    private final RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;
    private final ImageServiceGrpc.ImageServiceBlockingStub images;

    private CriRuntime(Path socketPath, EventLoopGroup eventLoop, ManagedChannel channel) {
        this.socketPath = socketPath;
        this.eventLoop = eventLoop;
        this.channel = channel;
        this.runtime = RuntimeServiceGrpc.newBlockingStub(channel);
        this.images = ImageServiceGrpc.newBlockingStub(channel);
    }

    /** A client of the CRI socket at {@code socketPath}; connects lazily, so this succeeds even before the runtime listens. */
    public static CriRuntime connect(Path socketPath) {
        if (!Epoll.isAvailable()) {
            // Netty's native epoll transport is what speaks unix sockets; without it there is no CRI.
            throw new ContainerRuntimeException(ContainerRuntimeException.Code.UNAVAILABLE,
                    "cannot reach a CRI socket: Netty's epoll transport is unavailable here", Epoll.unavailabilityCause());
        }
        EventLoopGroup eventLoop = new EpollEventLoopGroup(1);
        ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socketPath.toString()))
                .eventLoopGroup(eventLoop)
                .channelType(EpollDomainSocketChannel.class)
                // gRPC sets TCP keepalive on every channel; a unix socket has none, and Netty warns on each connect.
                .withOption(ChannelOption.SO_KEEPALIVE, null)
                .usePlaintext()
                // gRPC would otherwise put the socket path in :authority, which is not a valid authority.
                .overrideAuthority("localhost")
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build();
        return new CriRuntime(socketPath, eventLoop, channel);
    }

    public Path socketPath() {
        return socketPath;
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime(Duration deadline) {
        return runtime.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
        return runtime(CALL_DEADLINE);
    }

    private ImageServiceGrpc.ImageServiceBlockingStub images(Duration deadline) {
        return images.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw CriErrors.of(what, e);
        }
    }

    /** Stop and remove calls are idempotent in the SPI: an object already gone is not an error. */
    private static void idempotent(String what, Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw CriErrors.of(what, e);
            }
        }
    }

    /** Status calls answer empty for an unknown id, as the SPI says. */
    private static <T> Optional<T> status(String what, Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw CriErrors.of(what, e);
        }
    }

    @Override
    public RuntimeVersion version() {
        return call("Version", () -> CriMessages.version(runtime().version(Cri.VersionRequest.newBuilder().setVersion(CRI_API_VERSION).build())));
    }

    @Override
    public RuntimeStatus status() {
        return call("Status", () -> CriMessages.runtimeStatus(runtime().status(Cri.StatusRequest.getDefaultInstance())));
    }

    @Override
    public String runPodSandbox(SandboxConfig config) {
        // Creating the network namespace and running CNI can take a while on a busy node; 2 min as for pulls.
        return call("RunPodSandbox " + config.metadata().namespace() + "/" + config.metadata().name(),
                () -> runtime(PULL_DEADLINE).runPodSandbox(Cri.RunPodSandboxRequest.newBuilder()
                        .setConfig(CriMessages.sandboxConfig(config)).build()).getPodSandboxId());
    }

    @Override
    public void stopPodSandbox(String sandboxId) {
        idempotent("StopPodSandbox " + sandboxId,
                () -> runtime().stopPodSandbox(Cri.StopPodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
    }

    @Override
    public void removePodSandbox(String sandboxId) {
        idempotent("RemovePodSandbox " + sandboxId,
                () -> runtime().removePodSandbox(Cri.RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
    }

    @Override
    public Optional<SandboxStatus> podSandboxStatus(String sandboxId) {
        return status("PodSandboxStatus " + sandboxId, () -> CriMessages.sandboxStatus(
                runtime().podSandboxStatus(Cri.PodSandboxStatusRequest.newBuilder().setPodSandboxId(sandboxId).build()).getStatus()));
    }

    @Override
    public List<SandboxSummary> listPodSandboxes(SandboxFilter filter) {
        return call("ListPodSandbox", () -> runtime().listPodSandbox(Cri.ListPodSandboxRequest.newBuilder()
                .setFilter(CriMessages.sandboxFilter(filter)).build()).getItemsList().stream().map(CriMessages::sandboxSummary).toList());
    }

    @Override
    public String createContainer(String sandboxId, ContainerConfig config, SandboxConfig sandboxConfig) {
        return call("CreateContainer " + config.metadata().name() + " in " + sandboxId,
                () -> runtime().createContainer(Cri.CreateContainerRequest.newBuilder()
                        .setPodSandboxId(sandboxId)
                        .setConfig(CriMessages.containerConfig(config, sandboxConfig))
                        .setSandboxConfig(CriMessages.sandboxConfig(sandboxConfig))
                        .build()).getContainerId());
    }

    @Override
    public void startContainer(String containerId) {
        call("StartContainer " + containerId,
                () -> runtime().startContainer(Cri.StartContainerRequest.newBuilder().setContainerId(containerId).build()));
    }

    @Override
    public void stopContainer(String containerId, Duration timeout) {
        // CRI's timeout is whole seconds; round up so a grace period is never cut short.
        long seconds = Math.max(0, (timeout.toMillis() + 999) / 1000);
        idempotent("StopContainer " + containerId, () -> runtime(timeout.plus(CALL_DEADLINE))
                .stopContainer(Cri.StopContainerRequest.newBuilder().setContainerId(containerId).setTimeout(seconds).build()));
    }

    @Override
    public void removeContainer(String containerId) {
        idempotent("RemoveContainer " + containerId,
                () -> runtime().removeContainer(Cri.RemoveContainerRequest.newBuilder().setContainerId(containerId).build()));
    }

    @Override
    public Optional<ContainerStatus> containerStatus(String containerId) {
        return status("ContainerStatus " + containerId, () -> CriMessages.containerStatus(
                runtime().containerStatus(Cri.ContainerStatusRequest.newBuilder().setContainerId(containerId).build()).getStatus()));
    }

    @Override
    public List<ContainerSummary> listContainers(ContainerFilter filter) {
        return call("ListContainers", () -> runtime().listContainers(Cri.ListContainersRequest.newBuilder()
                .setFilter(CriMessages.containerFilter(filter)).build()).getContainersList().stream().map(CriMessages::containerSummary).toList());
    }

    /**
     * CRI ExecSync. CRI's timeout is whole seconds (rounded up); a command still running then is
     * killed by the runtime and reported as timed out, as is a call that outlives our own deadline.
     */
    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        try {
            Cri.ExecSyncResponse response = runtime(Duration.ofSeconds(seconds).plus(CALL_DEADLINE)).execSync(Cri.ExecSyncRequest.newBuilder()
                    .setContainerId(containerId).addAllCmd(command).setTimeout(seconds).build());
            return new ExecResult(response.getExitCode(), response.getStdout().toByteArray(), response.getStderr().toByteArray(), false);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                return new ExecResult(-1, new byte[0], new byte[0], true);
            }
            throw CriErrors.of("ExecSync " + CriMessages.describe(command) + " in " + containerId, e);
        }
    }

    /** CRI Exec: the URL of the runtime's streaming server where the exec session is served. */
    public String exec(String containerId, List<String> command, boolean tty, boolean stdin, boolean stdout, boolean stderr) {
        return call("Exec " + containerId, () -> runtime().exec(Cri.ExecRequest.newBuilder().setContainerId(containerId).addAllCmd(command)
                .setTty(tty).setStdin(stdin).setStdout(stdout).setStderr(stderr).build()).getUrl());
    }

    /** CRI Attach: the URL of the runtime's streaming server where the attach session is served. */
    public String attach(String containerId, boolean tty, boolean stdin, boolean stdout, boolean stderr) {
        return call("Attach " + containerId, () -> runtime().attach(Cri.AttachRequest.newBuilder().setContainerId(containerId)
                .setTty(tty).setStdin(stdin).setStdout(stdout).setStderr(stderr).build()).getUrl());
    }

    /** CRI ReopenContainerLog: after the kubelet rotated a container's log file. */
    public void reopenContainerLog(String containerId) {
        call("ReopenContainerLog " + containerId,
                () -> runtime().reopenContainerLog(Cri.ReopenContainerLogRequest.newBuilder().setContainerId(containerId).build()));
    }

    /** containerd 1.6 does not implement GetContainerEvents; the kubelet relists (generic PLEG). */
    @Override
    public Optional<Subscription> containerEvents(ContainerEventListener listener) {
        return Optional.empty();
    }

    @Override
    public String pullImage(ImageSpec image, SandboxConfig sandbox) {
        try {
            return images(PULL_DEADLINE).pullImage(Cri.PullImageRequest.newBuilder().setImage(CriMessages.imageSpec(image))
                    .setSandboxConfig(CriMessages.sandboxConfig(sandbox)).build()).getImageRef();
        } catch (StatusRuntimeException e) {
            throw CriErrors.ofPull(image.image(), e);
        }
    }

    @Override
    public Optional<ImageInfo> imageStatus(ImageSpec image) {
        Cri.ImageStatusResponse response = call("ImageStatus " + image.image(), () -> images(CALL_DEADLINE)
                .imageStatus(Cri.ImageStatusRequest.newBuilder().setImage(CriMessages.imageSpec(image)).build()));
        // CRI answers an absent image with an unset image, not an error.
        return response.hasImage() && !response.getImage().getId().isEmpty() ? Optional.of(CriMessages.imageInfo(response.getImage())) : Optional.empty();
    }

    @Override
    public List<ImageInfo> listImages() {
        return call("ListImages", () -> images(CALL_DEADLINE).listImages(Cri.ListImagesRequest.getDefaultInstance())
                .getImagesList().stream().map(CriMessages::imageInfo).toList());
    }

    /** CRI RemoveImage; idempotent. */
    public void removeImage(ImageSpec image) {
        idempotent("RemoveImage " + image.image(),
                () -> images(CALL_DEADLINE).removeImage(Cri.RemoveImageRequest.newBuilder().setImage(CriMessages.imageSpec(image)).build()));
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.shutdownNow();
        }
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
