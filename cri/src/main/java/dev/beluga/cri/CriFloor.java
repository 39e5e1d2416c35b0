package dev.beluga.cri;

import dev.beluga.kubelet.runtime.ContainerConfig;
import dev.beluga.kubelet.runtime.ContainerMetadata;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import dev.beluga.kubelet.runtime.ImageSpec;
import dev.beluga.kubelet.runtime.NamespaceOptions;
import dev.beluga.kubelet.runtime.SandboxConfig;
import dev.beluga.kubelet.runtime.SandboxMetadata;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The CRI floor of pod start-up: what the runtime alone takes for one one-container pod
 * (RunPodSandbox, CreateContainer, StartContainer), measured directly on a runtime with no kubelet
 * in between, each sample torn down again before the next. {@code beluga bench pods} compares the
 * kubelet's create-to-started times with it.
 */
public final class CriFloor {
    /** Labels every sandbox of a measurement carries, so leftovers of an interrupted run can be found. */
    public static final String BENCH_LABEL = "beluga.dev/cri-floor";

    /** One sample: the sandbox, and the container's create plus start. */
    public record Sample(Duration runPodSandbox, Duration createAndStart) {
        public Duration total() {
            return runPodSandbox.plus(createAndStart);
        }
    }

    private final ContainerRuntime runtime;
    private final ImageSpec image;
    private final Path logRoot;

    /**
     * @param image   an image the runtime already holds (the floor excludes pulls), e.g. busybox
     * @param logRoot where the samples' container logs go (a directory per sample, removed with it by the runtime)
     */
    public CriFloor(ContainerRuntime runtime, ImageSpec image, Path logRoot) {
        this.runtime = runtime;
        this.image = image;
        this.logRoot = logRoot;
    }

    /** {@code count} samples of a container running {@code sleep 3600}, one after another. */
    public List<Sample> measure(int count) {
        List<Sample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            samples.add(sample());
        }
        return samples;
    }

    private Sample sample() {
        String uid = UUID.randomUUID().toString();
        String name = "cri-floor-" + uid.substring(0, 8);
        SandboxConfig sandbox = new SandboxConfig(new SandboxMetadata(name, uid, "beluga-bench", 0), name, NamespaceOptions.podDefaults(),
                logRoot.resolve(uid).toString(), Optional.empty(), List.of(), Map.of(BENCH_LABEL, "true"), Map.of(), Optional.empty());
        ContainerConfig container = new ContainerConfig(new ContainerMetadata("sleep", 0), image, List.of("sleep", "3600"), List.of(), "",
                List.of(), List.of(), Map.of(BENCH_LABEL, "true"), Map.of(), "sleep/0.log", false, false, false, Optional.empty(), Optional.empty());
        long start = System.nanoTime();
        String sandboxId = runtime.runPodSandbox(sandbox);
        try {
            long sandboxReady = System.nanoTime();
            String containerId = runtime.createContainer(sandboxId, container, sandbox);
            runtime.startContainer(containerId);
            long started = System.nanoTime();
            return new Sample(Duration.ofNanos(sandboxReady - start), Duration.ofNanos(started - sandboxReady));
        } finally {
            runtime.stopPodSandbox(sandboxId);
            runtime.removePodSandbox(sandboxId);
        }
    }
}
