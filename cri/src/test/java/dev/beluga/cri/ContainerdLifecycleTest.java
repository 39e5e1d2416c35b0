package dev.beluga.cri;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.cri.images.ImageArchives;
import dev.beluga.cri.images.ImageImporter;
import dev.beluga.cri.images.ImageLoadReport;
import dev.beluga.cri.images.ProjectImages;
import dev.beluga.kubelet.cgroup.PodCgroupName;
import dev.beluga.kubelet.cgroup.PodCgroupRemoval;
import dev.beluga.kubelet.pod.ContainerKind;
import dev.beluga.kubelet.pod.PodRuntimeSettings;
import dev.beluga.kubelet.pod.RuntimeConfigs;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import dev.beluga.kubelet.runtime.ContainerConfig;
import dev.beluga.kubelet.runtime.ContainerFilter;
import dev.beluga.kubelet.runtime.ContainerMetadata;
import dev.beluga.kubelet.runtime.ContainerState;
import dev.beluga.kubelet.runtime.ContainerStatus;
import dev.beluga.kubelet.runtime.DnsConfig;
import dev.beluga.kubelet.runtime.ExecResult;
import dev.beluga.kubelet.runtime.ImageSpec;
import dev.beluga.kubelet.runtime.KeyValue;
import dev.beluga.kubelet.runtime.LinuxContainerResources;
import dev.beluga.kubelet.runtime.NamespaceOptions;
import dev.beluga.kubelet.runtime.PortMapping;
import dev.beluga.kubelet.runtime.RuntimeVersion;
import dev.beluga.kubelet.runtime.SandboxConfig;
import dev.beluga.kubelet.runtime.SandboxFilter;
import dev.beluga.kubelet.runtime.SandboxMetadata;
import dev.beluga.kubelet.runtime.SandboxState;
import dev.beluga.kubelet.runtime.SandboxStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real containerd started by {@link ManagedContainerd} in a temp dir, driven through
 * {@link CriRuntime}: a sandbox gets an IP on the node's bridge, a busybox container runs, logs,
 * execs, stops with a signal's exit code, and everything is removed again; the kubelet's sandbox and
 * container configs give seccomp and the pod cgroup as upstream's do.
 */
class ContainerdLifecycleTest {
    private static Path dataDir;
    private static ContainerdSettings settings;
    private static ManagedContainerd containerd;
    private static CriRuntime cri;
    private static String podCidrPrefix;

    @BeforeAll
    static void startContainerd() throws IOException {
        ContainerdOnMachine.require();
        // Short: containerd's socket path must fit in 108 bytes.
        dataDir = Files.createTempDirectory(Path.of("/tmp"), "bcri");
        // A /24 unlikely to collide with a real network or another test's bridge.
        int third = ThreadLocalRandom.current().nextInt(1, 254);
        podCidrPrefix = "10.251." + third + ".";
        settings = ContainerdSettings.of(dataDir, podCidrPrefix + "0/24");
        containerd = ManagedContainerd.start(settings);
        cri = containerd.connect();
        // load waits until CRI lists the imported images (its plugin learns of ctr imports a moment later).
        ImageLoadReport images = new ImageArchives(dataDir.resolve("images"))
                .load(ContainerdSettings.PAUSE_IMAGE, new ImageImporter(containerd.socketPath()), Duration.ofSeconds(30));
        assertThat(images.failures()).isEmpty();
        assertThat(images.notListed()).isEmpty();
    }

    @AfterAll
    static void stopContainerd() throws IOException, InterruptedException {
        try {
            if (cri != null) {
                try {
                    for (var sandbox : cri.listPodSandboxes(SandboxFilter.all())) {
                        cri.stopPodSandbox(sandbox.id());
                        cri.removePodSandbox(sandbox.id());
                    }
                } finally {
                    cri.close();
                }
            }
        } finally {
            // Whatever failed above, containerd must not outlive the test.
            if (containerd != null) {
                containerd.stop();
            }
            if (settings != null) {
                TempDirs.removeNode(settings);
            } else if (dataDir != null) {
                TempDirs.unmountAndDelete(dataDir);
            }
        }
    }

    @Test
    void versionNamesContainerdAndCriV1() {
        RuntimeVersion version = cri.version();
        assertThat(version.runtimeName()).isEqualTo("containerd");
        assertThat(version.runtimeVersion()).startsWith("1.6.");
        assertThat(version.runtimeApiVersion()).isEqualTo("v1");
        assertThat(cri.status().runtimeReady()).isTrue();
        assertThat(cri.status().networkReady()).as(cri.status().message()).isTrue();
    }

    @Test
    void imagesImportedFromTheProjectsArchivesAreListed() {
        assertThat(cri.imageStatus(ImageSpec.of(ContainerdSettings.PAUSE_IMAGE))).isPresent();
        assertThat(cri.imageStatus(ImageSpec.of(ProjectImages.BUSYBOX_VERSION_NAME))).isPresent();
        assertThat(cri.imageStatus(ImageSpec.of("beluga.local/never-imported:1"))).isEmpty();
        assertThat(cri.listImages()).anySatisfy(i -> assertThat(i.repoTags()).contains(ProjectImages.BUSYBOX_VERSION_NAME));
    }

    @Test
    void sandboxAndContainerLifecycle() throws IOException {
        String uid = UUID.randomUUID().toString();
        Path logDir = dataDir.resolve("pods").resolve("default_hello_" + uid);
        SandboxConfig sandboxConfig = new SandboxConfig(new SandboxMetadata("hello", uid, "default", 0), "hello",
                NamespaceOptions.podDefaults(), logDir.toString(),
                Optional.of(new DnsConfig(List.of("10.96.0.10"), List.of("default.svc.cluster.local"), List.of("ndots:5"))),
                List.of(), Map.of("io.kubernetes.pod.uid", uid, "app", "hello"), Map.of("note", "a test pod"), Optional.empty());

        Instant beforeSandbox = Instant.now();
        long sandboxStart = System.nanoTime();
        String sandboxId = cri.runPodSandbox(sandboxConfig);
        Duration runPodSandbox = Duration.ofNanos(System.nanoTime() - sandboxStart);

        SandboxStatus sandbox = cri.podSandboxStatus(sandboxId).orElseThrow();
        assertThat(sandbox.state()).isEqualTo(SandboxState.READY);
        assertThat(sandbox.metadata()).isEqualTo(sandboxConfig.metadata());
        assertThat(sandbox.labels()).containsEntry("app", "hello");
        assertThat(sandbox.annotations()).containsEntry("note", "a test pod");
        assertThat(sandbox.createdAt()).isAfter(beforeSandbox.minusSeconds(5));
        assertThat(sandbox.ip()).get().asString().startsWith(podCidrPrefix);
        // One echo request can go unanswered while the new veth and the bridge settle (ARP, a busy machine): ask again, bounded.
        InetAddress podAddress = InetAddress.getByName(sandbox.ip().orElseThrow());
        assertThat(waitFor("an answer to a ping of the pod IP", () -> reachable(podAddress), r -> r)).as("ping of the pod IP").isTrue();
        assertThat(cri.listPodSandboxes(SandboxFilter.labelled(Map.of("io.kubernetes.pod.uid", uid))))
                .extracting(s -> s.id()).containsExactly(sandboxId);

        ContainerConfig config = new ContainerConfig(new ContainerMetadata("main", 0), ImageSpec.of(ProjectImages.BUSYBOX_VERSION_NAME),
                List.of("sh", "-c"), List.of("echo hi $GREETING; sleep 30"), "/tmp",
                List.of(new KeyValue("GREETING", "there")), List.of(), Map.of("io.kubernetes.container.name", "main"),
                Map.of("io.kubernetes.container.restartCount", "0"), "main/0.log", false, false, false, Optional.empty(), Optional.empty());
        long containerStart = System.nanoTime();
        String containerId = cri.createContainer(sandboxId, config, sandboxConfig);
        cri.startContainer(containerId);
        Duration createAndStart = Duration.ofNanos(System.nanoTime() - containerStart);
        System.out.printf("RunPodSandbox %d ms, CreateContainer+StartContainer %d ms%n", runPodSandbox.toMillis(), createAndStart.toMillis());

        ContainerStatus running = cri.containerStatus(containerId).orElseThrow();
        assertThat(running.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(running.metadata()).isEqualTo(config.metadata());
        assertThat(running.startedAt()).isPresent();
        assertThat(running.finishedAt()).isEmpty();
        assertThat(running.image().image()).isEqualTo(ProjectImages.BUSYBOX_VERSION_NAME);
        assertThat(running.imageRef()).startsWith("sha256:").doesNotContain(" ");
        assertThat(running.labels()).containsEntry("io.kubernetes.container.name", "main");
        assertThat(running.annotations()).containsEntry("io.kubernetes.container.restartCount", "0");
        assertThat(Path.of(running.logPath())).isEqualTo(logDir.resolve("main/0.log"));
        assertThat(cri.listContainers(new ContainerFilter(Optional.empty(), Optional.of(ContainerState.RUNNING), Optional.of(sandboxId), Map.of())))
                .extracting(c -> c.id()).containsExactly(containerId);

        Path log = Path.of(running.logPath());
        String logText = waitFor("the container's log line", () -> readIfExists(log), text -> text.contains("hi there"));
        // CRI log format: "<RFC3339Nano time> stdout F hi there"
        assertThat(logText.lines().filter(l -> l.endsWith(" stdout F hi there"))).hasSize(1);

        ExecResult exec = cri.execSync(containerId, List.of("sh", "-c", "pwd; hostname; echo oops >&2; exit 3"), Duration.ofSeconds(10));
        assertThat(exec.timedOut()).isFalse();
        assertThat(exec.exitCode()).isEqualTo(3);
        assertThat(new String(exec.stdout(), StandardCharsets.UTF_8)).isEqualTo("/tmp\nhello\n");
        assertThat(new String(exec.stderr(), StandardCharsets.UTF_8)).isEqualTo("oops\n");
        ExecResult resolv = cri.execSync(containerId, List.of("cat", "/etc/resolv.conf"), Duration.ofSeconds(10));
        assertThat(new String(resolv.stdout(), StandardCharsets.UTF_8)).contains("nameserver 10.96.0.10", "search default.svc.cluster.local", "ndots:5");

        cri.stopContainer(containerId, Duration.ofSeconds(2));
        ContainerStatus exited = cri.containerStatus(containerId).orElseThrow();
        assertThat(exited.state()).isEqualTo(ContainerState.EXITED);
        // sh ignores SIGTERM as PID 1, so the stop ends in SIGKILL (137); a shell that honours it gives 143.
        assertThat(exited.exitCode()).isIn(137, 143);
        assertThat(exited.finishedAt()).get().matches(f -> !f.isBefore(exited.startedAt().orElseThrow()));
        assertThat(exited.reason()).isEqualTo("Error");
        cri.stopContainer(containerId, Duration.ZERO);

        cri.stopPodSandbox(sandboxId);
        assertThat(cri.podSandboxStatus(sandboxId).orElseThrow().state()).isEqualTo(SandboxState.NOTREADY);
        cri.removePodSandbox(sandboxId);
        assertThat(cri.podSandboxStatus(sandboxId)).isEmpty();
        assertThat(cri.containerStatus(containerId)).isEmpty();
        cri.removePodSandbox(sandboxId);
        cri.removeContainer(containerId);
    }

    @Test
    void hostPortAndPodIpReachTheContainersServer() throws Exception {
        String uid = UUID.randomUUID().toString();
        int hostPort = ThreadLocalRandom.current().nextInt(30_000, 40_000);
        SandboxConfig sandboxConfig = new SandboxConfig(new SandboxMetadata("web", uid, "default", 0), "web",
                NamespaceOptions.podDefaults(), dataDir.resolve("pods").resolve("default_web_" + uid).toString(), Optional.empty(),
                List.of(new PortMapping(PortMapping.Protocol.TCP, 8080, hostPort, "")), Map.of("io.kubernetes.pod.uid", uid), Map.of(),
                Optional.empty());
        String sandboxId = cri.runPodSandbox(sandboxConfig);
        try {
            ContainerConfig config = new ContainerConfig(new ContainerMetadata("web", 0), ImageSpec.of(ProjectImages.BUSYBOX_VERSION_NAME),
                    List.of("sh", "-c"), List.of("mkdir -p /www && echo served-by-busybox > /www/index.html && exec httpd -f -p 8080 -h /www"),
                    "", List.of(), List.of(), Map.of(), Map.of(), "web/0.log", false, false, false, Optional.empty(), Optional.empty());
            String containerId = cri.createContainer(sandboxId, config, sandboxConfig);
            cri.startContainer(containerId);
            String podIp = cri.podSandboxStatus(sandboxId).orElseThrow().ip().orElseThrow();
            assertThat(waitFor("the pod IP's answer", () -> httpGet(podIp, 8080), body -> body.contains("served-by-busybox")))
                    .contains("served-by-busybox");
            // portmap's DNAT for connections from the node itself to localhost.
            assertThat(waitFor("the host port's answer", () -> httpGet("127.0.0.1", hostPort), body -> body.contains("served-by-busybox")))
                    .contains("served-by-busybox");
        } finally {
            cri.stopPodSandbox(sandboxId);
            cri.removePodSandbox(sandboxId);
        }
    }

    private static String httpGet(String host, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(host, port), 2_000);
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write(("GET /index.html HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    @Test
    void aMemoryLimitedContainerThatExceedsItIsOomKilled() {
        String uid = UUID.randomUUID().toString();
        SandboxConfig sandboxConfig = new SandboxConfig(new SandboxMetadata("hog", uid, "default", 0), "hog",
                NamespaceOptions.podDefaults(), dataDir.resolve("pods").resolve("default_hog_" + uid).toString(), Optional.empty(),
                List.of(), Map.of("io.kubernetes.pod.uid", uid), Map.of(), Optional.empty());
        String sandboxId = cri.runPodSandbox(sandboxConfig);
        try {
            // dd fills a 64 MiB buffer; the limit is 16 MiB. It waits 2 s first: containerd's shim starts watching the
            // cgroup for OOM events only after the task started, so an OOM in the first milliseconds (CI saw an exit
            // 18 ms after start) is reported as a plain exit 137 with reason "Error", by containerd as for upstream.
            ContainerConfig config = new ContainerConfig(new ContainerMetadata("hog", 0), ImageSpec.of(ProjectImages.BUSYBOX_VERSION_NAME),
                    List.of("sh", "-c", "sleep 2; exec dd if=/dev/zero of=/dev/null bs=64M count=4"), List.of(), "", List.of(), List.of(), Map.of(), Map.of(),
                    "hog/0.log", false, false, false,
                    Optional.of(new LinuxContainerResources(100_000, 0, 256, 16L << 20, 1000)), Optional.empty());
            String containerId = cri.createContainer(sandboxId, config, sandboxConfig);
            cri.startContainer(containerId);
            // containerd learns of the OOM kill from a cgroup event that may come after the exit (reason "Error"
            // for a moment, then "OOMKilled"), as upstream's kubelet sees it too; so wait for the reason.
            ContainerStatus exited = waitFor("the container's exit as OOMKilled", () -> cri.containerStatus(containerId).orElseThrow(),
                    status -> status.state() == ContainerState.EXITED && status.reason().equals("OOMKilled"));
            assertThat(exited.exitCode()).isEqualTo(137);
        } finally {
            cri.stopPodSandbox(sandboxId);
            cri.removePodSandbox(sandboxId);
        }
    }

    @Test
    void aPullThatCannotReachItsRegistryIsAnImagePullFailure() {
        // A registry on a loopback port nothing listens on: the pull fails without leaving the machine.
        SandboxConfig sandbox = new SandboxConfig(new SandboxMetadata("pull", "u", "default", 0), "pull", NamespaceOptions.podDefaults(),
                "/nonexistent", Optional.empty(), List.of(), Map.of(), Map.of(), Optional.empty());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cri.pullImage(ImageSpec.of("127.0.0.1:9/nothing/here:1"), sandbox))
                .isInstanceOfSatisfying(dev.beluga.kubelet.runtime.ContainerRuntimeException.class, e -> {
                    assertThat(e.code()).isEqualTo(dev.beluga.kubelet.runtime.ContainerRuntimeException.Code.IMAGE_PULL_FAILED);
                    assertThat(e.getMessage()).contains("127.0.0.1:9/nothing/here:1");
                });
    }

    @Test
    void execAndAttachAnswerWithALoopbackStreamingUrl() {
        String uid = UUID.randomUUID().toString();
        SandboxConfig sandboxConfig = new SandboxConfig(new SandboxMetadata("streams", uid, "default", 0), "streams",
                NamespaceOptions.podDefaults(), dataDir.resolve("pods").resolve("default_streams_" + uid).toString(), Optional.empty(),
                List.of(), Map.of("io.kubernetes.pod.uid", uid), Map.of(), Optional.empty());
        String sandboxId = cri.runPodSandbox(sandboxConfig);
        try {
            ContainerConfig config = new ContainerConfig(new ContainerMetadata("cat", 0), ImageSpec.of(ProjectImages.BUSYBOX_VERSION_NAME),
                    List.of("cat"), List.of(), "", List.of(), List.of(), Map.of(), Map.of(), "cat/0.log", true, false, false,
                    Optional.empty(), Optional.empty());
            String containerId = cri.createContainer(sandboxId, config, sandboxConfig);
            cri.startContainer(containerId);
            assertThat(cri.exec(containerId, List.of("ls"), false, false, true, true)).startsWith("http://127.0.0.1:").contains("/exec/");
            assertThat(cri.attach(containerId, false, true, true, true)).startsWith("http://127.0.0.1:").contains("/attach/");
            cri.reopenContainerLog(containerId);
            assertThat(cri.execSync(containerId, List.of("sleep", "5"), Duration.ofSeconds(1)).timedOut()).isTrue();
        } finally {
            cri.stopPodSandbox(sandboxId);
            cri.removePodSandbox(sandboxId);
        }
    }

    @Test
    void criFloorSamplesLeaveNothingBehind() {
        List<CriFloor.Sample> samples = new CriFloor(cri, ImageSpec.of(ProjectImages.BUSYBOX_VERSION_NAME), dataDir.resolve("floor")).measure(3);
        assertThat(samples).hasSize(3).allSatisfy(sample -> {
            assertThat(sample.runPodSandbox()).isPositive();
            assertThat(sample.createAndStart()).isPositive();
        });
        System.out.println("CRI floor samples: " + samples.stream().map(s -> s.total().toMillis() + " ms").toList());
        assertThat(cri.listPodSandboxes(SandboxFilter.labelled(Map.of(CriFloor.BENCH_LABEL, "true")))).isEmpty();
        assertThat(cri.listContainers(ContainerFilter.labelled(Map.of(CriFloor.BENCH_LABEL, "true")))).isEmpty();
    }

    @Test
    void aHostNetworkSandboxHasNoPodIpAndSeesTheNodesInterfaces() throws IOException {
        String uid = UUID.randomUUID().toString();
        SandboxConfig sandboxConfig = new SandboxConfig(new SandboxMetadata("hostnet", uid, "kube-system", 0), "",
                new NamespaceOptions(NamespaceOptions.Mode.NODE, NamespaceOptions.Mode.CONTAINER, NamespaceOptions.Mode.NODE),
                dataDir.resolve("pods").resolve("kube-system_hostnet_" + uid).toString(), Optional.empty(), List.of(),
                Map.of("io.kubernetes.pod.uid", uid), Map.of(), Optional.empty());
        String sandboxId = cri.runPodSandbox(sandboxConfig);
        try {
            assertThat(cri.podSandboxStatus(sandboxId).orElseThrow().ip()).isEmpty();
            ContainerConfig config = new ContainerConfig(new ContainerMetadata("ip", 0), ImageSpec.of(ProjectImages.BUSYBOX_VERSION_NAME),
                    List.of("sleep", "60"), List.of(), "", List.of(), List.of(), Map.of(), Map.of(), "ip/0.log", false, false, false,
                    Optional.empty(), Optional.empty());
            String containerId = cri.createContainer(sandboxId, config, sandboxConfig);
            cri.startContainer(containerId);
            // The node's own bridge is visible from a container in the node's network namespace.
            ExecResult links = cri.execSync(containerId, List.of("cat", "/proc/net/dev"), Duration.ofSeconds(10));
            assertThat(new String(links.stdout(), StandardCharsets.UTF_8)).contains(settings.bridgeName() + ":");
        } finally {
            cri.stopPodSandbox(sandboxId);
            cri.removePodSandbox(sandboxId);
        }
    }

    @Test
    void unknownIdsAreNotFound() {
        assertThat(cri.containerStatus("0123456789abcdef")).isEmpty();
        assertThat(cri.podSandboxStatus("0123456789abcdef")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cri.startContainer("0123456789abcdef"))
                .isInstanceOfSatisfying(dev.beluga.kubelet.runtime.ContainerRuntimeException.class,
                        e -> assertThat(e.code()).isEqualTo(dev.beluga.kubelet.runtime.ContainerRuntimeException.Code.NOT_FOUND));
    }

    private static String run(String containerId, String... command) {
        ExecResult r = cri.execSync(containerId, List.of(command), Duration.ofSeconds(10));
        assertThat(r.exitCode()).as(String.join(" ", command) + ": " + new String(r.stderr(), StandardCharsets.UTF_8)).isZero();
        return new String(r.stdout(), StandardCharsets.UTF_8);
    }

    private static String statusField(String procStatus, String field) {
        return procStatus.lines().filter(l -> l.startsWith(field + ":")).map(l -> l.substring(field.length() + 1).strip()).findFirst()
                .orElseThrow(() -> new AssertionError(field + " not in " + procStatus));
    }

    /**
     * The kubelet's own configs (its pure {@link RuntimeConfigs}): a pod that says nothing about seccomp runs its containers
     * Unconfined and its sandbox RuntimeDefault, as upstream's kubelet with SeccompDefault off; the sandbox and the
     * containers sit in the pod's cgroup, /kubepods/besteffort/pod&lt;uid&gt;, which goes with the pod.
     */
    @Test
    void unsaidSeccompIsUnconfinedForContainersAndRuntimeDefaultForTheSandboxAndAllSitInThePodsCgroup() {
        String uid = UUID.randomUUID().toString();
        // One PID namespace for the pod, so the sandbox's process is PID 1 in the container.
        Pod pod = new PodBuilder().withNewMetadata().withName("plain").withNamespace("default").withUid(uid).endMetadata()
                .withNewSpec().withShareProcessNamespace(true)
                .addNewContainer().withName("app").withImage(ProjectImages.BUSYBOX_VERSION_NAME).withCommand("sleep", "3600").endContainer()
                .endSpec().build();
        SandboxConfig sandboxConfig = RuntimeConfigs.sandbox(pod, 0, PodRuntimeSettings.defaults().withPodLogsRoot(dataDir.resolve("pods")));
        assertThat(sandboxConfig.cgroupParent()).isEqualTo("/kubepods/besteffort/pod" + uid);
        String sandboxId = cri.runPodSandbox(sandboxConfig);
        String containerId;
        try {
            String ip = cri.podSandboxStatus(sandboxId).orElseThrow().ip().orElseThrow();
            containerId = cri.createContainer(sandboxId,
                    RuntimeConfigs.container(pod, pod.getSpec().getContainers().getFirst(), ContainerKind.REGULAR, 0, List.of(ip), List.of()),
                    sandboxConfig);
            cri.startContainer(containerId);

            assertThat(statusField(run(containerId, "cat", "/proc/self/status"), "Seccomp")).as("the container: Unconfined").isEqualTo("0");
            String sandboxProcess = run(containerId, "cat", "/proc/1/status");
            assertThat(statusField(sandboxProcess, "Name")).isEqualTo("catatonit");
            assertThat(statusField(sandboxProcess, "Seccomp")).as("the sandbox: RuntimeDefault, a filter").isEqualTo("2");

            String cgroups = run(containerId, "cat", "/proc/self/cgroup");
            assertThat(cgroups.lines().filter(l -> l.contains(":memory:") || l.contains(":cpu")))
                    .isNotEmpty().allSatisfy(l -> assertThat(l).endsWith(":/kubepods/besteffort/pod" + uid + "/" + containerId));
            assertThat(Path.of("/sys/fs/cgroup/memory/kubepods/besteffort/pod" + uid + "/" + sandboxId)).isDirectory();
        } finally {
            cri.stopPodSandbox(sandboxId);
            cri.removePodSandbox(sandboxId);
        }
        // The runtime removed the sandbox's and the container's cgroups; the pod's is the kubelet's to remove.
        Path podCgroup = Path.of("/sys/fs/cgroup/memory" + PodCgroupName.of(pod));
        assertThat(podCgroup).isDirectory();
        assertThat(Path.of("/sys/fs/cgroup/memory/kubepods/besteffort/pod" + uid + "/" + containerId)).doesNotExist();
        assertThat(PodCgroupRemoval.ofThisMachine().remove(uid)).isEmpty();
        assertThat(podCgroup).doesNotExist();
    }

    private static boolean reachable(InetAddress address) {
        try {
            return address.isReachable(2_000);
        } catch (IOException e) {
            return false;
        }
    }

    private static String readIfExists(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static <T> T waitFor(String what, Supplier<T> value, java.util.function.Predicate<T> done) {
        Instant deadline = Instant.now().plusSeconds(30);
        T last = value.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 30 s: " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = value.get();
        }
        return last;
    }
}
