package dev.beluga.cri;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.cri.images.ImageArchives;
import dev.beluga.cri.images.ImageImporter;
import dev.beluga.cri.images.ImageLoadReport;
import dev.beluga.cri.images.ProjectImages;
import dev.beluga.kubelet.runtime.ContainerConfig;
import dev.beluga.kubelet.runtime.ContainerFilter;
import dev.beluga.kubelet.runtime.ContainerMetadata;
import dev.beluga.kubelet.runtime.ContainerState;
import dev.beluga.kubelet.runtime.ContainerStatus;
import dev.beluga.kubelet.runtime.ImageSpec;
import dev.beluga.kubelet.runtime.NamespaceOptions;
import dev.beluga.kubelet.runtime.SandboxConfig;
import dev.beluga.kubelet.runtime.SandboxFilter;
import dev.beluga.kubelet.runtime.SandboxMetadata;
import dev.beluga.kubelet.runtime.SandboxState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Stopping the managed containerd leaves running containers alone (they live in their shims), and
 * a containerd started again on the same data directory reports them as before: what lets
 * {@code beluga server} restart without restarting pods.
 */
class ContainerdRestartTest {

    @Test
    void containersOutliveAContainerdRestart() throws Exception {
        ContainerdOnMachine.require();
        Path dataDir = Files.createTempDirectory(Path.of("/tmp"), "bcri");
        ContainerdSettings settings = ContainerdSettings.of(dataDir, "10.252." + ThreadLocalRandom.current().nextInt(1, 254) + ".0/24");
        ManagedContainerd containerd = ManagedContainerd.start(settings);
        try {
            ImageLoadReport images = new ImageArchives(dataDir.resolve("images"))
                    .load(ContainerdSettings.PAUSE_IMAGE, new ImageImporter(containerd.socketPath()), Duration.ofSeconds(30));
            assertThat(images.failures()).isEmpty();
            assertThat(images.notListed()).isEmpty();

            String uid = UUID.randomUUID().toString();
            SandboxConfig sandboxConfig = new SandboxConfig(new SandboxMetadata("survivor", uid, "default", 0), "survivor",
                    NamespaceOptions.podDefaults(), dataDir.resolve("pods").resolve(uid).toString(), Optional.empty(), List.of(),
                    Map.of("io.kubernetes.pod.uid", uid), Map.of(), Optional.empty());
            String sandboxId;
            String containerId;
            ContainerStatus before;
            try (CriRuntime cri = containerd.connect()) {
                sandboxId = cri.runPodSandbox(sandboxConfig);
                containerId = cri.createContainer(sandboxId, new ContainerConfig(new ContainerMetadata("sleeper", 0),
                        ImageSpec.of(ProjectImages.BUSYBOX_VERSION_NAME), List.of("sleep", "300"), List.of(), "", List.of(), List.of(),
                        Map.of(), Map.of(), "sleeper/0.log", false, false, false, Optional.empty(), Optional.empty()), sandboxConfig);
                cri.startContainer(containerId);
                before = cri.containerStatus(containerId).orElseThrow();
                assertThat(before.state()).isEqualTo(ContainerState.RUNNING);
            }

            containerd.stop();
            containerd = ManagedContainerd.start(settings);

            try (CriRuntime cri = containerd.connect()) {
                ContainerStatus after = cri.containerStatus(containerId).orElseThrow();
                assertThat(after.state()).isEqualTo(ContainerState.RUNNING);
                assertThat(after.startedAt()).isEqualTo(before.startedAt());
                assertThat(cri.podSandboxStatus(sandboxId).orElseThrow().state()).isEqualTo(SandboxState.READY);
                assertThat(cri.listPodSandboxes(SandboxFilter.labelled(Map.of("io.kubernetes.pod.uid", uid)))).hasSize(1);
                assertThat(cri.listContainers(ContainerFilter.all())).extracting(c -> c.id()).contains(containerId);
                // The container still runs: a command executes in it.
                assertThat(cri.execSync(containerId, List.of("true"), Duration.ofSeconds(10)).exitCode()).isZero();
                cri.stopPodSandbox(sandboxId);
                cri.removePodSandbox(sandboxId);
            }
        } finally {
            containerd.stop();
            TempDirs.removeNode(settings);
        }
    }

    @Test
    void aContainerdStillRunningOnItsDataDirectoryIsAdoptedNotStartedTwice() throws Exception {
        ContainerdOnMachine.require();
        Path dataDir = Files.createTempDirectory(Path.of("/tmp"), "bcri");
        ContainerdSettings settings = ContainerdSettings.of(dataDir, "10.253." + ThreadLocalRandom.current().nextInt(1, 254) + ".0/24");
        ManagedContainerd first = ManagedContainerd.start(settings);
        try {
            // As after a node process killed with SIGKILL: its containerd still runs, nobody stopped it.
            ManagedContainerd second = ManagedContainerd.start(settings);
            assertThat(second.pid()).isEqualTo(first.pid());
            try (CriRuntime cri = second.connect()) {
                assertThat(cri.version().runtimeName()).isEqualTo("containerd");
            }
            second.stop();
            long pid = first.pid().orElseThrow();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        } finally {
            first.stop();
            TempDirs.removeNode(settings);
        }
    }
}
