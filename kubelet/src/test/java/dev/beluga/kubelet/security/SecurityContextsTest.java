package dev.beluga.kubelet.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.kubelet.runtime.ImageInfo;
import dev.beluga.kubelet.runtime.LinuxContainerSecurity;
import dev.beluga.kubelet.runtime.LinuxSandboxSecurity;
import dev.beluga.kubelet.runtime.SecurityProfile;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecurityContextsTest {
    private static final Path SECCOMP = Path.of("/var/lib/kubelet/seccomp");

    private static Container app(SecurityContextBuilder sc) {
        ContainerBuilder b = new ContainerBuilder().withName("app").withImage("busybox:1.35");
        if (sc != null) b.withSecurityContext(sc.build());
        return b.build();
    }

    private static Pod pod(PodSecurityContextBuilder podSc, Container... containers) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("u-1").endMetadata()
                .withNewSpec().withContainers(containers).endSpec();
        if (podSc != null) b.editSpec().withSecurityContext(podSc.build()).endSpec();
        return b.build();
    }

    @Test
    void withoutAnySecurityContextTheImagesUserRunsUnconfinedWithTheDefaultProcMasks() {
        Container c = app(null);
        LinuxContainerSecurity s = SecurityContexts.container(pod(null, c), c, new ImageUser(Optional.of(1000L), ""), SECCOMP);
        assertThat(s.runAsUser()).contains(1000L);
        assertThat(s.runAsUsername()).isEmpty();
        assertThat(s.runAsGroup()).isEmpty();
        assertThat(s.privileged()).isFalse();
        assertThat(s.noNewPrivileges()).isFalse();
        assertThat(s.seccomp()).isEqualTo(SecurityProfile.unconfined());
        assertThat(s.maskedPaths()).contains("/proc/kcore", "/sys/firmware").hasSize(11);
        assertThat(s.readonlyPaths()).containsExactly("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
    }

    @Test
    void theContainersFieldsWinOverThePodsAndGroupsComeFsGroupFirst() {
        Container c = app(new SecurityContextBuilder().withRunAsUser(2000L).withNewSeccompProfile().withType("Unconfined").endSeccompProfile());
        Pod p = pod(new PodSecurityContextBuilder().withRunAsUser(1000L).withRunAsGroup(3000L).withFsGroup(4000L).withSupplementalGroups(5000L, 6000L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile(), c);
        LinuxContainerSecurity s = SecurityContexts.container(p, c, ImageUser.root(), SECCOMP);
        assertThat(s.runAsUser()).contains(2000L);
        assertThat(s.runAsGroup()).contains(3000L);
        assertThat(s.supplementalGroups()).containsExactly(4000L, 5000L, 6000L);
        assertThat(s.seccomp()).isEqualTo(SecurityProfile.unconfined());

        Container plain = app(null);
        Pod p2 = pod(new PodSecurityContextBuilder().withNewSeccompProfile().withType("Localhost").withLocalhostProfile("profiles/audit.json").endSeccompProfile(), plain);
        assertThat(SecurityContexts.container(p2, plain, ImageUser.root(), SECCOMP).seccomp())
                .isEqualTo(new SecurityProfile(SecurityProfile.Type.LOCALHOST, "/var/lib/kubelet/seccomp/profiles/audit.json"));
        Pod p3 = pod(new PodSecurityContextBuilder().withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile(), plain);
        assertThat(SecurityContexts.container(p3, plain, ImageUser.root(), SECCOMP).seccomp()).isEqualTo(SecurityProfile.runtimeDefault());
    }

    @Test
    void containerOnlyFieldsMapOneToOne() {
        Container c = app(new SecurityContextBuilder().withPrivileged(true).withReadOnlyRootFilesystem(true).withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withAdd("NET_ADMIN", "SYS_TIME").withDrop("ALL").endCapabilities().withProcMount("Unmasked"));
        LinuxContainerSecurity s = SecurityContexts.container(pod(null, c), c, ImageUser.root(), SECCOMP);
        assertThat(s.privileged()).isTrue();
        assertThat(s.readonlyRootfs()).isTrue();
        assertThat(s.noNewPrivileges()).isTrue();
        assertThat(s.addCapabilities()).containsExactly("NET_ADMIN", "SYS_TIME");
        assertThat(s.dropCapabilities()).containsExactly("ALL");
        assertThat(s.maskedPaths()).isEmpty();
        assertThat(s.readonlyPaths()).isEmpty();

        Container allowed = app(new SecurityContextBuilder().withAllowPrivilegeEscalation(true));
        assertThat(SecurityContexts.container(pod(null, allowed), allowed, ImageUser.root(), SECCOMP).noNewPrivileges()).isFalse();
    }

    @Test
    void aNamedImageUserGoesAsUsernameUnlessAUidIsSet() {
        Container c = app(null);
        LinuxContainerSecurity s = SecurityContexts.container(pod(null, c), c, new ImageUser(Optional.empty(), "nobody"), SECCOMP);
        assertThat(s.runAsUser()).isEmpty();
        assertThat(s.runAsUsername()).contains("nobody");
        Container set = app(new SecurityContextBuilder().withRunAsUser(7L));
        LinuxContainerSecurity s2 = SecurityContexts.container(pod(null, set), set, new ImageUser(Optional.empty(), "nobody"), SECCOMP);
        assertThat(s2.runAsUser()).contains(7L);
        assertThat(s2.runAsUsername()).isEmpty();
    }

    @Test
    void theSandboxIsPrivilegedWhenAnyContainerIsAndAlwaysRuntimeDefault() {
        Container plain = app(null);
        Container priv = new ContainerBuilder(app(new SecurityContextBuilder().withPrivileged(true))).withName("init").build();
        Pod p = new PodBuilder(pod(new PodSecurityContextBuilder().withRunAsUser(1000L).withRunAsGroup(1000L).withFsGroup(2000L).withSupplementalGroups(3000L), plain))
                .editSpec().withInitContainers(priv).endSpec().build();
        LinuxSandboxSecurity s = SecurityContexts.sandbox(p);
        assertThat(s.privileged()).isTrue();
        assertThat(s.runAsUser()).contains(1000L);
        assertThat(s.runAsGroup()).contains(1000L);
        assertThat(s.supplementalGroups()).containsExactly(2000L, 3000L);
        assertThat(s.seccomp()).isEqualTo(SecurityProfile.runtimeDefault());
        assertThat(SecurityContexts.sandbox(pod(null, plain)).privileged()).isFalse();
    }

    @Test
    void runAsNonRootRefusesRootImagesWithUpstreamsMessages() {
        Container c = app(null);
        Pod p = pod(new PodSecurityContextBuilder().withRunAsNonRoot(true), c);
        assertThat(SecurityContexts.runAsNonRootViolation(p, c, ImageUser.of(Optional.empty())))
                .contains("container has runAsNonRoot and image will run as root (pod: \"web_ns(u-1)\", container: app)");
        ImageInfo rootImage = new ImageInfo("sha256:1", List.of("busybox:1.35"), List.of(), 1);
        assertThat(SecurityContexts.runAsNonRootViolation(p, c, ImageUser.of(Optional.of(rootImage))))
                .contains("container has runAsNonRoot and image will run as root (pod: \"web_ns(u-1)\", container: app)");
        ImageInfo named = new ImageInfo("sha256:2", List.of("x:1"), List.of(), 1, Optional.empty(), "www");
        assertThat(SecurityContexts.runAsNonRootViolation(p, c, ImageUser.of(Optional.of(named))))
                .contains("container has runAsNonRoot and image has non-numeric user (www), cannot verify user is non-root (pod: \"web_ns(u-1)\", container: app)");
        ImageInfo nonRoot = new ImageInfo("sha256:3", List.of("x:1"), List.of(), 1, Optional.of(65534L), "");
        assertThat(SecurityContexts.runAsNonRootViolation(p, c, ImageUser.of(Optional.of(nonRoot)))).isEmpty();

        Container asRoot = app(new SecurityContextBuilder().withRunAsUser(0L));
        assertThat(SecurityContexts.runAsNonRootViolation(pod(new PodSecurityContextBuilder().withRunAsNonRoot(true), asRoot), asRoot, ImageUser.root()))
                .contains("container's runAsUser breaks non-root policy (pod: \"web_ns(u-1)\", container: app)");
        Container asUser = app(new SecurityContextBuilder().withRunAsUser(1000L));
        assertThat(SecurityContexts.runAsNonRootViolation(pod(new PodSecurityContextBuilder().withRunAsNonRoot(true), asUser), asUser, ImageUser.root())).isEmpty();
        // The container's runAsNonRoot: false overrides the pod's true.
        Container optOut = app(new SecurityContextBuilder().withRunAsNonRoot(false));
        assertThat(SecurityContexts.runAsNonRootViolation(pod(new PodSecurityContextBuilder().withRunAsNonRoot(true), optOut), optOut, ImageUser.root())).isEmpty();
    }
}
