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
import dev.beluga.kubelet.runtime.ExecResult;
import dev.beluga.kubelet.runtime.SandboxConfig;
import dev.beluga.kubelet.runtime.SandboxFilter;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kubelet's sandbox and container configs (built by its pure {@link RuntimeConfigs}) on a real
 * containerd: a pod that says nothing about seccomp runs its containers Unconfined and its sandbox
 * RuntimeDefault, as upstream's kubelet with SeccompDefault off; the sandbox and the containers sit in
 * the pod's cgroup, /kubepods/besteffort/pod&lt;uid&gt;, which goes with the pod.
 */
class PodConfigsOnContainerdTest {
    private static Path dataDir;
    private static ContainerdSettings settings;
    private static ManagedContainerd containerd;
    private static CriRuntime cri;

    @BeforeAll
    static void startContainerd() throws IOException {
        ContainerdOnMachine.require();
        dataDir = Files.createTempDirectory(Path.of("/tmp"), "bpc");
        settings = ContainerdSettings.of(dataDir, "10.252." + ThreadLocalRandom.current().nextInt(1, 254) + ".0/24");
        containerd = ManagedContainerd.start(settings);
        cri = containerd.connect();
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
            if (containerd != null) containerd.stop();
            if (settings != null) TempDirs.removeNode(settings);
        }
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
}
