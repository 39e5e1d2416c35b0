package dev.beluga.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.cri.images.ImageArchives;
import dev.beluga.cri.images.ImageImporter;
import dev.beluga.cri.images.ImageLoadReport;
import dev.beluga.kubelet.runtime.ContainerRuntimeException;
import dev.beluga.kubelet.runtime.NamespaceOptions;
import dev.beluga.kubelet.runtime.SandboxConfig;
import dev.beluga.kubelet.runtime.SandboxFilter;
import dev.beluga.kubelet.runtime.SandboxMetadata;
import dev.beluga.kubelet.runtime.SandboxState;
import dev.beluga.kubelet.runtime.SandboxSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** A node that learns its podCIDR after containerd started (an agent): the network comes up when it is configured. */
class ContainerdNetworkTest {

    @Test
    void networkIsNotReadyUntilThePodCidrIsConfigured() throws Exception {
        ContainerdOnMachine.require();
        Path dataDir = Files.createTempDirectory(Path.of("/tmp"), "bcri");
        ContainerdSettings settings = ContainerdSettings.of(dataDir, "");
        ManagedContainerd containerd = ManagedContainerd.start(settings);
        try (CriRuntime cri = containerd.connect()) {
            ImageLoadReport images = new ImageArchives(dataDir.resolve("images"))
                    .load(ContainerdSettings.PAUSE_IMAGE, new ImageImporter(containerd.socketPath()), Duration.ofSeconds(30));
            assertThat(images.failures()).isEmpty();
            assertThat(cri.status().runtimeReady()).isTrue();
            assertThat(cri.status().networkReady()).isFalse();
            assertThat(cri.status().message()).contains("NetworkReady=false");
            String uid = UUID.randomUUID().toString();
            SandboxConfig sandbox = new SandboxConfig(new SandboxMetadata("early", uid, "default", 0), "early",
                    NamespaceOptions.podDefaults(), dataDir.resolve("pods").toString(), Optional.empty(), List.of(),
                    Map.of("io.kubernetes.pod.uid", uid), Map.of(), Optional.empty());
            assertThatThrownBy(() -> cri.runPodSandbox(sandbox)).isInstanceOf(ContainerRuntimeException.class)
                    .hasMessageContaining("cni");
            // containerd keeps the failed sandbox, NOTREADY, holding its name: the kubelet's next try is a new attempt.
            List<SandboxSummary> failed = cri.listPodSandboxes(SandboxFilter.labelled(Map.of("io.kubernetes.pod.uid", uid)));
            assertThat(failed).singleElement().satisfies(f -> assertThat(f.state()).isEqualTo(SandboxState.NOTREADY));

            String prefix = "10.254." + ThreadLocalRandom.current().nextInt(1, 254) + ".";
            containerd.configureNetwork(prefix + "0/24");
            Instant deadline = Instant.now().plusSeconds(30);
            while (!cri.status().networkReady()) {
                assertThat(Instant.now()).as("NetworkReady within 30 s").isBefore(deadline);
                Thread.sleep(100);
            }
            // Removing it needs CNI too (containerd tears its network down first), so only now.
            cri.removePodSandbox(failed.getFirst().id());
            String sandboxId = cri.runPodSandbox(new SandboxConfig(new SandboxMetadata("early", uid, "default", 1), sandbox.hostname(),
                    sandbox.namespaces(), sandbox.logDirectory(), sandbox.dnsConfig(), sandbox.portMappings(), sandbox.labels(),
                    sandbox.annotations(), sandbox.linux()));
            assertThat(cri.podSandboxStatus(sandboxId).orElseThrow().ip()).get().asString().startsWith(prefix);
            cri.stopPodSandbox(sandboxId);
            cri.removePodSandbox(sandboxId);
        } finally {
            containerd.stop();
            TempDirs.removeNode(settings);
        }
    }

    @Test
    void anExistingRuntimesNetworkIsNotOurs() {
        assertThatThrownBy(() -> ManagedContainerd.existing(Path.of("/run/containerd/containerd.sock")).configureNetwork("10.0.0.0/24"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not managed by Beluga");
    }
}
