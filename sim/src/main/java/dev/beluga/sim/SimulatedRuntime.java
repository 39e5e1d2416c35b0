package dev.beluga.sim;

import dev.beluga.kubelet.network.Ipv4Cidr;
import dev.beluga.kubelet.pod.ContainerKind;
import dev.beluga.kubelet.pod.RuntimeLabels;
import dev.beluga.kubelet.runtime.ContainerConfig;
import dev.beluga.kubelet.runtime.ContainerEvent;
import dev.beluga.kubelet.runtime.ContainerEventListener;
import dev.beluga.kubelet.runtime.ContainerFilter;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import dev.beluga.kubelet.runtime.ContainerRuntimeException;
import dev.beluga.kubelet.runtime.ContainerState;
import dev.beluga.kubelet.runtime.ContainerStatus;
import dev.beluga.kubelet.runtime.ContainerSummary;
import dev.beluga.kubelet.runtime.ExecResult;
import dev.beluga.kubelet.runtime.ImageInfo;
import dev.beluga.kubelet.runtime.ImageSpec;
import dev.beluga.kubelet.runtime.RuntimeStatus;
import dev.beluga.kubelet.runtime.RuntimeVersion;
import dev.beluga.kubelet.runtime.SandboxConfig;
import dev.beluga.kubelet.runtime.SandboxFilter;
import dev.beluga.kubelet.runtime.SandboxState;
import dev.beluga.kubelet.runtime.SandboxStatus;
import dev.beluga.kubelet.runtime.SandboxSummary;
import dev.beluga.kubelet.runtime.Subscription;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A container runtime that runs nothing: sandboxes and containers are records in memory with CRI's
 * states and transitions, so a hollow node exercises the kubelet's real code path at almost no
 * cost. Pod IPs come from the node's podCIDR; every image is present (but those of {@link #MISSING_REGISTRY}); a container "runs" until it
 * is stopped or until the exit its pod asked for ({@link SimExit}); starting one takes the
 * configured start latency.
 */
public final class SimulatedRuntime implements ContainerRuntime {
    public static final RuntimeVersion VERSION = new RuntimeVersion("sim", "0.1.0", "v1");
    /** The exit code of a container killed by stopping its sandbox (SIGKILL), as containerd reports it. */
    static final int KILLED = 137;
    private static final long IMAGE_SIZE = 4_718_592;
    /**
     * A registry no image can be pulled from (there is no network in the simulation): its images are
     * absent and fail to pull until {@link #importImage imported}, for tests of image pull failures.
     */
    public static final String MISSING_REGISTRY = "sim-missing.invalid";

    private final PodIpAllocator ips;
    private final Duration startLatency;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final Map<String, Sandbox> sandboxes = new ConcurrentHashMap<>();
    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    private final Map<String, ImageInfo> images = new ConcurrentHashMap<>();
    private final List<ContainerEventListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param podCidr      where pod IPs come from
     * @param startLatency how long StartContainer takes
     * @param timers       runs the containers' planned exits
     */
    public SimulatedRuntime(Ipv4Cidr podCidr, Duration startLatency, ScheduledExecutorService timers, Clock clock) {
        this.ips = new PodIpAllocator(podCidr);
        this.startLatency = startLatency;
        this.timers = timers;
        this.clock = clock;
    }

    private final class Sandbox {
        final String id;
        final SandboxConfig config;
        final Instant createdAt;
        SandboxState state = SandboxState.READY;
        Optional<String> ip;

        Sandbox(String id, SandboxConfig config, Instant createdAt, Optional<String> ip) {
            this.id = id;
            this.config = config;
            this.createdAt = createdAt;
            this.ip = ip;
        }

        synchronized SandboxStatus status() {
            return new SandboxStatus(id, config.metadata(), state, createdAt, ip, List.of(), config.labels(), config.annotations());
        }

        synchronized SandboxSummary summary() {
            return new SandboxSummary(id, config.metadata(), state, createdAt, config.labels(), config.annotations());
        }
    }

    private final class Container {
        final String id;
        final String sandboxId;
        final ContainerConfig config;
        final Map<String, String> sandboxLabels;
        final Instant createdAt;
        final Optional<SimExit> exit;
        final String image;
        final String imageRef;
        ContainerState state = ContainerState.CREATED;
        Optional<Instant> startedAt = Optional.empty();
        Optional<Instant> finishedAt = Optional.empty();
        int exitCode;
        String reason = "";
        ScheduledFuture<?> plannedExit;

        Container(String id, String sandboxId, ContainerConfig config, Map<String, String> sandboxLabels, Instant createdAt,
                  Optional<SimExit> exit, String image, String imageRef) {
            this.id = id;
            this.sandboxId = sandboxId;
            this.config = config;
            this.sandboxLabels = sandboxLabels;
            this.createdAt = createdAt;
            this.exit = exit;
            this.image = image;
            this.imageRef = imageRef;
        }

        /** Ends the container if it has not ended; returns whether this call ended it. */
        synchronized boolean end(int code) {
            if (state == ContainerState.EXITED) return false;
            state = ContainerState.EXITED;
            exitCode = code;
            reason = code == 0 ? "Completed" : "Error";
            finishedAt = Optional.of(clock.instant());
            if (plannedExit != null) plannedExit.cancel(false);
            return true;
        }

        synchronized ContainerStatus status() {
            return new ContainerStatus(id, config.metadata(), state, createdAt, startedAt, finishedAt, exitCode, ImageSpec.of(image), imageRef,
                    reason, "", config.labels(), config.annotations(), config.logPath());
        }

        synchronized ContainerSummary summary() {
            return new ContainerSummary(id, sandboxId, config.metadata(), ImageSpec.of(image), imageRef, state, createdAt, config.labels(), config.annotations());
        }
    }

    @Override
    public RuntimeVersion version() {
        return VERSION;
    }

    @Override
    public RuntimeStatus status() {
        return RuntimeStatus.ready();
    }

    @Override
    public String runPodSandbox(SandboxConfig config) {
        Optional<String> ip = Optional.empty();
        if (!config.namespaces().hostNetwork()) {
            ip = ips.allocate();
            if (ip.isEmpty()) {
                throw new ContainerRuntimeException(ContainerRuntimeException.Code.FAILED,
                        "failed to allocate for range 0: no IP addresses available in range set: " + ips.cidr());
            }
        }
        String id = newId();
        sandboxes.put(id, new Sandbox(id, config, clock.instant(), ip));
        return id;
    }

    @Override
    public void stopPodSandbox(String sandboxId) {
        Sandbox s = sandboxes.get(sandboxId);
        if (s == null) return;
        for (Container c : containers.values()) {
            if (c.sandboxId.equals(sandboxId) && c.end(KILLED)) emit(c, ContainerEvent.Type.STOPPED);
        }
        Optional<String> released;
        synchronized (s) {
            if (s.state == SandboxState.NOTREADY) return;
            s.state = SandboxState.NOTREADY;
            released = s.ip;
        }
        // The network goes with the stop (CNI DEL), the status keeps showing the address it had.
        released.ifPresent(ips::release);
    }

    @Override
    public void removePodSandbox(String sandboxId) {
        if (!sandboxes.containsKey(sandboxId)) return;
        stopPodSandbox(sandboxId);
        for (Container c : List.copyOf(containers.values())) if (c.sandboxId.equals(sandboxId)) removeContainer(c.id);
        sandboxes.remove(sandboxId);
    }

    @Override
    public Optional<SandboxStatus> podSandboxStatus(String sandboxId) {
        Sandbox s = sandboxes.get(sandboxId);
        return s == null ? Optional.empty() : Optional.of(s.status());
    }

    @Override
    public List<SandboxSummary> listPodSandboxes(SandboxFilter filter) {
        List<SandboxSummary> out = new ArrayList<>();
        for (Sandbox s : sandboxes.values()) {
            SandboxSummary summary = s.summary();
            if (filter.matches(summary.id(), summary.state(), summary.labels())) out.add(summary);
        }
        return out;
    }

    @Override
    public String createContainer(String sandboxId, ContainerConfig config, SandboxConfig sandboxConfig) {
        Sandbox s = sandboxes.get(sandboxId);
        if (s == null) throw new ContainerRuntimeException(ContainerRuntimeException.Code.NOT_FOUND, "sandbox " + sandboxId + " not found");
        synchronized (s) {
            if (s.state != SandboxState.READY) {
                throw new ContainerRuntimeException(ContainerRuntimeException.Code.FAILED_PRECONDITION, "sandbox " + sandboxId + " is not ready");
            }
        }
        ContainerKind kind = ContainerKind.fromLabel(config.annotations().getOrDefault(RuntimeLabels.CONTAINER_KIND, "")).orElse(ContainerKind.REGULAR);
        Optional<SimExit> exit;
        try {
            exit = SimExit.plan(sandboxConfig.annotations(), config.metadata().name(), kind);
        } catch (IllegalArgumentException e) {
            throw new ContainerRuntimeException(ContainerRuntimeException.Code.FAILED, e.getMessage());
        }
        String image = ImageNames.normalize(config.image().image());
        if (unpullable(image)) throw new ContainerRuntimeException(ContainerRuntimeException.Code.NOT_FOUND, "image \"" + image + "\": not found");
        ImageInfo info = imageInfo(image);
        String id = newId();
        Container c = new Container(id, sandboxId, config, s.config.labels(), clock.instant(), exit, image, info.repoDigests().getFirst());
        containers.put(id, c);
        emit(c, ContainerEvent.Type.CREATED);
        return id;
    }

    @Override
    public void startContainer(String containerId) {
        Container c = existing(containerId);
        if (startLatency.isPositive()) {
            try {
                Thread.sleep(startLatency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerRuntimeException(ContainerRuntimeException.Code.FAILED, "interrupted while starting container " + containerId);
            }
        }
        synchronized (c) {
            if (c.state != ContainerState.CREATED) {
                throw new ContainerRuntimeException(ContainerRuntimeException.Code.FAILED_PRECONDITION,
                        "container " + containerId + " is in " + c.state + " state, not CREATED");
            }
            c.state = ContainerState.RUNNING;
            c.startedAt = Optional.of(clock.instant());
            if (c.exit.isPresent() && c.exit.get().after().isPositive()) {
                int code = c.exit.get().exitCode();
                try {
                    c.plannedExit = timers.schedule(() -> {
                        if (c.end(code)) emit(c, ContainerEvent.Type.STOPPED);
                    }, c.exit.get().after().toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // The fleet is shutting down; the container simply keeps running.
                }
            }
        }
        emit(c, ContainerEvent.Type.STARTED);
        if (c.exit.isPresent() && !c.exit.get().after().isPositive() && c.end(c.exit.get().exitCode())) emit(c, ContainerEvent.Type.STOPPED);
    }

    /** The simulated process honours SIGTERM at once and exits cleanly. */
    @Override
    public void stopContainer(String containerId, Duration timeout) {
        Container c = containers.get(containerId);
        if (c != null && c.end(0)) emit(c, ContainerEvent.Type.STOPPED);
    }

    @Override
    public void removeContainer(String containerId) {
        Container c = containers.remove(containerId);
        if (c == null) return;
        c.end(KILLED);
        emit(c, ContainerEvent.Type.DELETED);
    }

    @Override
    public Optional<ContainerStatus> containerStatus(String containerId) {
        Container c = containers.get(containerId);
        return c == null ? Optional.empty() : Optional.of(c.status());
    }

    @Override
    public List<ContainerSummary> listContainers(ContainerFilter filter) {
        List<ContainerSummary> out = new ArrayList<>();
        for (Container c : containers.values()) {
            ContainerSummary s = c.summary();
            if (filter.matches(s.id(), s.podSandboxId(), s.state(), s.labels())) out.add(s);
        }
        return out;
    }

    /**
     * A simulated process runs no commands: every command succeeds at once with no output, except
     * {@code ["false"]}, which exits 1 as the real one does, so probes and hooks can be made to fail.
     */
    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        Container c = existing(containerId);
        synchronized (c) {
            if (c.state != ContainerState.RUNNING) {
                throw new ContainerRuntimeException(ContainerRuntimeException.Code.FAILED_PRECONDITION,
                        "container " + containerId + " is not running (" + c.state + ")");
            }
        }
        int code = command.equals(List.of("false")) ? 1 : 0;
        return new ExecResult(code, new byte[0], new byte[0], false);
    }

    @Override
    public Optional<Subscription> containerEvents(ContainerEventListener listener) {
        listeners.add(listener);
        return Optional.of(() -> listeners.remove(listener));
    }

    @Override
    public String pullImage(ImageSpec image, SandboxConfig sandbox) {
        String normalized = ImageNames.normalize(image.image());
        if (unpullable(normalized)) {
            throw new ContainerRuntimeException(ContainerRuntimeException.Code.IMAGE_PULL_FAILED, "failed to pull and unpack image \"" + normalized
                    + "\": failed to resolve reference \"" + normalized + "\": dial tcp: lookup " + MISSING_REGISTRY + ": no such host");
        }
        return imageInfo(normalized).id();
    }

    @Override
    public Optional<ImageInfo> imageStatus(ImageSpec image) {
        String normalized = ImageNames.normalize(image.image());
        return unpullable(normalized) ? Optional.empty() : Optional.of(imageInfo(normalized));
    }

    /**
     * Makes an image under {@link #MISSING_REGISTRY} present, as {@code beluga images import} does on
     * a real node; for tests of what happens once a failing image becomes available.
     */
    public void importImage(String image) {
        imageInfo(ImageNames.normalize(image));
    }

    /** An image of the missing registry that was not imported: absent, and its pull fails. */
    private boolean unpullable(String normalized) {
        return normalized.startsWith(MISSING_REGISTRY + "/") && !images.containsKey(normalized);
    }

    @Override
    public List<ImageInfo> listImages() {
        return List.copyOf(images.values());
    }

    /** Every image is present; its digest is derived from its name. */
    private ImageInfo imageInfo(String normalized) {
        return images.computeIfAbsent(normalized, n -> {
            String digest = "sha256:" + sha256(n);
            return new ImageInfo(digest, List.of(n), List.of(ImageNames.repository(n) + "@" + digest), IMAGE_SIZE);
        });
    }

    /** How many pod IPs are handed out now. */
    public int podIpsInUse() {
        return ips.inUse();
    }

    /** The config a container was created with (mounts, env, security, resources), as the kubelet built it; for tests. */
    public Optional<ContainerConfig> containerConfig(String containerId) {
        return Optional.ofNullable(containers.get(containerId)).map(c -> c.config);
    }

    /** The containers that are running now (for tests and demos). */
    public long runningContainers() {
        return containers.values().stream().filter(c -> c.status().state() == ContainerState.RUNNING).count();
    }

    private Container existing(String id) {
        Container c = containers.get(id);
        if (c == null) throw new ContainerRuntimeException(ContainerRuntimeException.Code.NOT_FOUND, "container " + id + " not found");
        return c;
    }

    private void emit(Container c, ContainerEvent.Type type) {
        ContainerEvent e = new ContainerEvent(c.id, type, clock.instant(), c.sandboxId, c.sandboxLabels);
        for (ContainerEventListener l : listeners) l.onEvent(e);
    }

    private static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(r.nextLong()) + HexFormat.of().toHexDigits(r.nextLong())
                + HexFormat.of().toHexDigits(r.nextLong()) + HexFormat.of().toHexDigits(r.nextLong());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
