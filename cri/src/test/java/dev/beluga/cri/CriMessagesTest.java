package dev.beluga.cri;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.cri.v1.Cri;
import dev.beluga.kubelet.runtime.ContainerConfig;
import dev.beluga.kubelet.runtime.ContainerFilter;
import dev.beluga.kubelet.runtime.ContainerMetadata;
import dev.beluga.kubelet.runtime.ContainerState;
import dev.beluga.kubelet.runtime.ContainerStatus;
import dev.beluga.kubelet.runtime.DnsConfig;
import dev.beluga.kubelet.runtime.ImageSpec;
import dev.beluga.kubelet.runtime.KeyValue;
import dev.beluga.kubelet.runtime.LinuxContainerResources;
import dev.beluga.kubelet.runtime.LinuxContainerSecurity;
import dev.beluga.kubelet.runtime.LinuxSandboxSecurity;
import dev.beluga.kubelet.runtime.Mount;
import dev.beluga.kubelet.runtime.NamespaceOptions;
import dev.beluga.kubelet.runtime.PortMapping;
import dev.beluga.kubelet.runtime.RuntimeStatus;
import dev.beluga.kubelet.runtime.SandboxConfig;
import dev.beluga.kubelet.runtime.SandboxFilter;
import dev.beluga.kubelet.runtime.SandboxMetadata;
import dev.beluga.kubelet.runtime.SandboxState;
import dev.beluga.kubelet.runtime.SandboxStatus;
import dev.beluga.kubelet.runtime.SecurityProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CriMessagesTest {
    private static final SandboxConfig SANDBOX = new SandboxConfig(new SandboxMetadata("web", "uid-1", "shop", 2), "web-0",
            new NamespaceOptions(NamespaceOptions.Mode.NODE, NamespaceOptions.Mode.POD, NamespaceOptions.Mode.POD), "/var/log/pods/shop_web_uid-1",
            Optional.of(new DnsConfig(List.of("10.96.0.10"), List.of("shop.svc.cluster.local"), List.of("ndots:5"))),
            List.of(new PortMapping(PortMapping.Protocol.UDP, 53, 5353, "127.0.0.1")), Map.of("app", "web"), Map.of("a", "b"),
            Optional.of(new LinuxSandboxSecurity(Optional.of(1000L), Optional.of(3000L), List.of(2000L), true,
                    new SecurityProfile(SecurityProfile.Type.LOCALHOST, "/profiles/p.json"))));

    @Test
    void sandboxConfigCarriesEveryField() {
        Cri.PodSandboxConfig config = CriMessages.sandboxConfig(SANDBOX);
        assertThat(config.getMetadata().getName()).isEqualTo("web");
        assertThat(config.getMetadata().getUid()).isEqualTo("uid-1");
        assertThat(config.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(config.getMetadata().getAttempt()).isEqualTo(2);
        assertThat(config.getHostname()).isEqualTo("web-0");
        assertThat(config.getLogDirectory()).isEqualTo("/var/log/pods/shop_web_uid-1");
        assertThat(config.getDnsConfig().getServersList()).containsExactly("10.96.0.10");
        assertThat(config.getDnsConfig().getSearchesList()).containsExactly("shop.svc.cluster.local");
        assertThat(config.getDnsConfig().getOptionsList()).containsExactly("ndots:5");
        Cri.PortMapping port = config.getPortMappings(0);
        assertThat(port.getProtocol()).isEqualTo(Cri.Protocol.UDP);
        assertThat(port.getContainerPort()).isEqualTo(53);
        assertThat(port.getHostPort()).isEqualTo(5353);
        assertThat(port.getHostIp()).isEqualTo("127.0.0.1");
        assertThat(config.getLabelsMap()).isEqualTo(Map.of("app", "web"));
        assertThat(config.getAnnotationsMap()).isEqualTo(Map.of("a", "b"));
        Cri.LinuxSandboxSecurityContext security = config.getLinux().getSecurityContext();
        assertThat(security.getNamespaceOptions().getNetwork()).isEqualTo(Cri.NamespaceMode.NODE);
        assertThat(security.getNamespaceOptions().getPid()).isEqualTo(Cri.NamespaceMode.POD);
        assertThat(security.getRunAsUser().getValue()).isEqualTo(1000L);
        assertThat(security.getRunAsGroup().getValue()).isEqualTo(3000L);
        assertThat(security.getSupplementalGroupsList()).containsExactly(2000L);
        assertThat(security.getPrivileged()).isTrue();
        assertThat(security.getSeccomp().getProfileType()).isEqualTo(Cri.SecurityProfile.ProfileType.Localhost);
        assertThat(security.getSeccomp().getLocalhostRef()).isEqualTo("/profiles/p.json");
    }

    @Test
    void sandboxWithoutSecurityStillNamesItsNamespacesAndNoUser() {
        SandboxConfig plain = new SandboxConfig(SANDBOX.metadata(), "web-0", NamespaceOptions.podDefaults(), "/logs", Optional.empty(),
                List.of(), Map.of(), Map.of(), Optional.empty());
        Cri.PodSandboxConfig config = CriMessages.sandboxConfig(plain);
        assertThat(config.hasDnsConfig()).isFalse();
        assertThat(config.getLinux().getSecurityContext().getNamespaceOptions().getPid()).isEqualTo(Cri.NamespaceMode.CONTAINER);
        assertThat(config.getLinux().getSecurityContext().hasRunAsUser()).isFalse();
        assertThat(config.getLinux().getSecurityContext().hasSeccomp()).isFalse();
    }

    @Test
    void containerConfigCarriesEveryFieldAndTheSandboxNamespaces() {
        ContainerConfig container = new ContainerConfig(new ContainerMetadata("app", 3), ImageSpec.of("docker.io/library/busybox:1.35"),
                List.of("sh"), List.of("-c", "true"), "/work", List.of(new KeyValue("K", "V")),
                List.of(new Mount("/data", "/var/lib/beluga/vol", true, false, Mount.Propagation.HOST_TO_CONTAINER)),
                Map.of("l", "1"), Map.of("an", "2"), "app/3.log", true, true, true,
                Optional.of(new LinuxContainerResources(100_000, 50_000, 512, 64 << 20, 1000)),
                Optional.of(new LinuxContainerSecurity(Optional.of(1L), Optional.of(2L), Optional.empty(), List.of(5L), false, true, true,
                        List.of("NET_ADMIN"), List.of("ALL"), SecurityProfile.runtimeDefault(), List.of("/proc/kcore"), List.of("/proc/sys"))));
        Cri.ContainerConfig config = CriMessages.containerConfig(container, SANDBOX);
        assertThat(config.getMetadata().getName()).isEqualTo("app");
        assertThat(config.getMetadata().getAttempt()).isEqualTo(3);
        assertThat(config.getImage().getImage()).isEqualTo("docker.io/library/busybox:1.35");
        assertThat(config.getCommandList()).containsExactly("sh");
        assertThat(config.getArgsList()).containsExactly("-c", "true");
        assertThat(config.getWorkingDir()).isEqualTo("/work");
        assertThat(config.getEnvs(0).getKey()).isEqualTo("K");
        assertThat(config.getEnvs(0).getValue()).isEqualTo("V");
        Cri.Mount mount = config.getMounts(0);
        assertThat(mount.getContainerPath()).isEqualTo("/data");
        assertThat(mount.getHostPath()).isEqualTo("/var/lib/beluga/vol");
        assertThat(mount.getReadonly()).isTrue();
        assertThat(mount.getPropagation()).isEqualTo(Cri.MountPropagation.PROPAGATION_HOST_TO_CONTAINER);
        assertThat(config.getLabelsMap()).isEqualTo(Map.of("l", "1"));
        assertThat(config.getAnnotationsMap()).isEqualTo(Map.of("an", "2"));
        assertThat(config.getLogPath()).isEqualTo("app/3.log");
        assertThat(config.getStdin() && config.getStdinOnce() && config.getTty()).isTrue();
        Cri.LinuxContainerResources resources = config.getLinux().getResources();
        assertThat(resources.getCpuPeriod()).isEqualTo(100_000);
        assertThat(resources.getCpuQuota()).isEqualTo(50_000);
        assertThat(resources.getCpuShares()).isEqualTo(512);
        assertThat(resources.getMemoryLimitInBytes()).isEqualTo(64 << 20);
        assertThat(resources.getOomScoreAdj()).isEqualTo(1000);
        Cri.LinuxContainerSecurityContext security = config.getLinux().getSecurityContext();
        assertThat(security.getNamespaceOptions().getNetwork()).isEqualTo(Cri.NamespaceMode.NODE);
        assertThat(security.getRunAsUser().getValue()).isEqualTo(1L);
        assertThat(security.getRunAsGroup().getValue()).isEqualTo(2L);
        assertThat(security.getRunAsUsername()).isEmpty();
        assertThat(security.getSupplementalGroupsList()).containsExactly(5L);
        assertThat(security.getReadonlyRootfs()).isTrue();
        assertThat(security.getNoNewPrivs()).isTrue();
        assertThat(security.getCapabilities().getAddCapabilitiesList()).containsExactly("NET_ADMIN");
        assertThat(security.getCapabilities().getDropCapabilitiesList()).containsExactly("ALL");
        assertThat(security.getSeccomp().getProfileType()).isEqualTo(Cri.SecurityProfile.ProfileType.RuntimeDefault);
        assertThat(security.getMaskedPathsList()).containsExactly("/proc/kcore");
        assertThat(security.getReadonlyPathsList()).containsExactly("/proc/sys");
    }

    @Test
    void containerStatusComesBackWithNanosecondTimesAndUnsetTimesEmpty() {
        long created = 1_700_000_000_123_456_789L;
        Cri.ContainerStatus status = Cri.ContainerStatus.newBuilder()
                .setId("c1").setMetadata(Cri.ContainerMetadata.newBuilder().setName("app").setAttempt(1))
                .setState(Cri.ContainerState.CONTAINER_EXITED).setCreatedAt(created).setStartedAt(created + 1).setFinishedAt(0)
                .setExitCode(137).setImage(Cri.ImageSpec.newBuilder().setImage("docker.io/library/busybox:1.35"))
                .setImageRef("sha256:abc").setReason("OOMKilled").setMessage("killed").putLabels("l", "1").putAnnotations("a", "2")
                .setLogPath("/logs/app/1.log").build();
        ContainerStatus mapped = CriMessages.containerStatus(status);
        assertThat(mapped.id()).isEqualTo("c1");
        assertThat(mapped.metadata()).isEqualTo(new ContainerMetadata("app", 1));
        assertThat(mapped.state()).isEqualTo(ContainerState.EXITED);
        assertThat(mapped.createdAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 123_456_789L));
        assertThat(mapped.startedAt()).contains(Instant.ofEpochSecond(1_700_000_000L, 123_456_790L));
        assertThat(mapped.finishedAt()).isEmpty();
        assertThat(mapped.exitCode()).isEqualTo(137);
        assertThat(mapped.image()).isEqualTo(ImageSpec.of("docker.io/library/busybox:1.35"));
        assertThat(mapped.imageRef()).isEqualTo("sha256:abc");
        assertThat(mapped.reason()).isEqualTo("OOMKilled");
        assertThat(mapped.message()).isEqualTo("killed");
        assertThat(mapped.labels()).isEqualTo(Map.of("l", "1"));
        assertThat(mapped.annotations()).isEqualTo(Map.of("a", "2"));
        assertThat(mapped.logPath()).isEqualTo("/logs/app/1.log");
    }

    @Test
    void sandboxStatusIpsAndState() {
        Cri.PodSandboxStatus status = Cri.PodSandboxStatus.newBuilder().setId("s1")
                .setMetadata(CriMessages.sandboxMetadata(SANDBOX.metadata())).setState(Cri.PodSandboxState.SANDBOX_NOTREADY)
                .setCreatedAt(1_000_000_001L)
                .setNetwork(Cri.PodSandboxNetworkStatus.newBuilder().setIp("10.244.1.5").addAdditionalIps(Cri.PodIP.newBuilder().setIp("fd00::5")))
                .build();
        SandboxStatus mapped = CriMessages.sandboxStatus(status);
        assertThat(mapped.metadata()).isEqualTo(SANDBOX.metadata());
        assertThat(mapped.state()).isEqualTo(SandboxState.NOTREADY);
        assertThat(mapped.createdAt()).isEqualTo(Instant.ofEpochSecond(1, 1));
        assertThat(mapped.ip()).contains("10.244.1.5");
        assertThat(mapped.additionalIps()).containsExactly("fd00::5");
        assertThat(CriMessages.sandboxStatus(status.toBuilder().clearNetwork().build()).ip()).isEmpty();
    }

    @Test
    void filtersSetOnlyWhatIsGiven() {
        Cri.PodSandboxFilter all = CriMessages.sandboxFilter(SandboxFilter.all());
        assertThat(all.getId()).isEmpty();
        assertThat(all.hasState()).isFalse();
        Cri.PodSandboxFilter ready = CriMessages.sandboxFilter(new SandboxFilter(Optional.of("s"), Optional.of(SandboxState.READY), Map.of("k", "v")));
        assertThat(ready.getState().getState()).isEqualTo(Cri.PodSandboxState.SANDBOX_READY);
        assertThat(ready.getLabelSelectorMap()).isEqualTo(Map.of("k", "v"));
        Cri.ContainerFilter exited = CriMessages.containerFilter(
                new ContainerFilter(Optional.empty(), Optional.of(ContainerState.EXITED), Optional.of("s1"), Map.of()));
        assertThat(exited.getState().getState()).isEqualTo(Cri.ContainerState.CONTAINER_EXITED);
        assertThat(exited.getPodSandboxId()).isEqualTo("s1");
        assertThat(CriMessages.containerFilter(ContainerFilter.all()).hasState()).isFalse();
    }

    @Test
    void runtimeStatusNamesUnmetConditions() {
        Cri.StatusResponse response = Cri.StatusResponse.newBuilder().setStatus(Cri.RuntimeStatus.newBuilder()
                .addConditions(Cri.RuntimeCondition.newBuilder().setType("RuntimeReady").setStatus(true))
                .addConditions(Cri.RuntimeCondition.newBuilder().setType("NetworkReady").setStatus(false)
                        .setReason("NetworkPluginNotReady").setMessage("cni config uninitialized"))).build();
        RuntimeStatus status = CriMessages.runtimeStatus(response);
        assertThat(status.runtimeReady()).isTrue();
        assertThat(status.networkReady()).isFalse();
        assertThat(status.message()).contains("NetworkReady=false", "NetworkPluginNotReady", "cni config uninitialized");
    }

    @Test
    void imageWithNumericUser() {
        var info = CriMessages.imageInfo(Cri.Image.newBuilder().setId("sha256:1").addRepoTags("a:1").addRepoDigests("a@sha256:2")
                .setSize(42).setUid(CriMessages.int64(0)).build());
        assertThat(info.id()).isEqualTo("sha256:1");
        assertThat(info.repoTags()).containsExactly("a:1");
        assertThat(info.repoDigests()).containsExactly("a@sha256:2");
        assertThat(info.sizeBytes()).isEqualTo(42);
        assertThat(info.uid()).contains(0L);
        assertThat(CriMessages.imageInfo(Cri.Image.newBuilder().setId("x").setUsername("nobody").build()).uid()).isEmpty();
    }
}
