package dev.beluga.cri;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.cri.v1.Cri;
import dev.beluga.kubelet.runtime.ContainerConfig;
import dev.beluga.kubelet.runtime.ContainerMetadata;
import dev.beluga.kubelet.runtime.ImageSpec;
import dev.beluga.kubelet.runtime.NamespaceOptions;
import dev.beluga.kubelet.runtime.SandboxConfig;
import dev.beluga.kubelet.runtime.SandboxMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A targeted ephemeral container joins its target's PID namespace (NamespaceMode TARGET + target_id); others keep the sandbox's options. */
class CriPidTargetTest {
    private static final SandboxConfig SANDBOX = new SandboxConfig(new SandboxMetadata("web", "uid-1", "shop", 0), "web",
            NamespaceOptions.podDefaults(), "/var/log/pods/shop_web_uid-1", Optional.empty(), List.of(), Map.of(), Map.of(), Optional.empty());

    private static ContainerConfig container(String name) {
        return new ContainerConfig(new ContainerMetadata(name, 0), ImageSpec.of("docker.io/library/busybox:1.35"), List.of("sh"), List.of(), "",
                List.of(), List.of(), Map.of(), Map.of(), name + "/0.log", false, false, false, Optional.empty(), Optional.empty());
    }

    @Test
    void targetedContainerJoinsTheTargetsPidNamespace() {
        Cri.NamespaceOption plain = CriMessages.containerConfig(container("web"), SANDBOX).getLinux().getSecurityContext().getNamespaceOptions();
        assertThat(plain.getPid()).isEqualTo(Cri.NamespaceMode.CONTAINER);
        assertThat(plain.getTargetId()).isEmpty();

        Cri.NamespaceOption targeted = CriMessages.containerConfig(container("dbg").withPidTarget("abc123"), SANDBOX)
                .getLinux().getSecurityContext().getNamespaceOptions();
        assertThat(targeted.getPid()).isEqualTo(Cri.NamespaceMode.TARGET);
        assertThat(targeted.getTargetId()).isEqualTo("abc123");
        assertThat(targeted.getNetwork()).isEqualTo(Cri.NamespaceMode.POD);
        assertThat(targeted.getIpc()).isEqualTo(Cri.NamespaceMode.POD);
    }
}
