package dev.beluga.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.kubelet.runtime.KeyValue;
import dev.beluga.kubelet.runtime.Mount;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerMountsTest {
    private static final Map<String, MountedVolume> VOLUMES = Map.of(
            "scratch", new MountedVolume("scratch", VolumeKind.EMPTY_DIR, Path.of("/k/pods/u/volumes/kubernetes.io~empty-dir/scratch")),
            "conf", new MountedVolume("conf", VolumeKind.CONFIG_MAP, Path.of("/k/pods/u/volumes/kubernetes.io~configmap/conf")),
            "host", new MountedVolume("host", VolumeKind.HOST_PATH, Path.of("/srv/data")));

    private static Container app(VolumeMountBuilder... mounts) {
        ContainerBuilder b = new ContainerBuilder().withName("app").withImage("busybox:1.35");
        for (VolumeMountBuilder m : mounts) b.addToVolumeMounts(m.build());
        return b.build();
    }

    @Test
    void mountsCarryTheVolumesPathsReadOnlinessAndPropagation() {
        Container c = app(new VolumeMountBuilder().withName("scratch").withMountPath("/tmp/s"),
                new VolumeMountBuilder().withName("conf").withMountPath("/etc/app"),
                new VolumeMountBuilder().withName("host").withMountPath("/data").withReadOnly(true).withMountPropagation("HostToContainer"),
                new VolumeMountBuilder().withName("scratch").withMountPath("/logs").withSubPath("logs/app"));
        assertThat(ContainerMounts.of(c, false, VOLUMES, List.of(), SubPathResolver.lexical())).containsExactly(
                new Mount("/tmp/s", "/k/pods/u/volumes/kubernetes.io~empty-dir/scratch", false, false, Mount.Propagation.PRIVATE),
                new Mount("/etc/app", "/k/pods/u/volumes/kubernetes.io~configmap/conf", true, false, Mount.Propagation.PRIVATE),
                new Mount("/data", "/srv/data", true, false, Mount.Propagation.HOST_TO_CONTAINER),
                new Mount("/logs", "/k/pods/u/volumes/kubernetes.io~empty-dir/scratch/logs/app", false, false, Mount.Propagation.PRIVATE));
    }

    @Test
    void subPathExprExpandsTheEnvironmentAndEveryVariableMustHaveAValue() {
        Container c = app(new VolumeMountBuilder().withName("scratch").withMountPath("/out").withSubPathExpr("$(POD)/$$x"));
        assertThat(ContainerMounts.of(c, false, VOLUMES, List.of(new KeyValue("POD", "web-1")), SubPathResolver.lexical()).getFirst().hostPath())
                .isEqualTo("/k/pods/u/volumes/kubernetes.io~empty-dir/scratch/web-1/$x");
        assertThatThrownBy(() -> ContainerMounts.of(c, false, VOLUMES, List.of(new KeyValue("POD", "")), SubPathResolver.lexical()))
                .hasMessage("missing value for POD");
    }

    @Test
    void badMountsAreUpstreamsErrors() {
        assertThatThrownBy(() -> ContainerMounts.of(app(new VolumeMountBuilder().withName("nope").withMountPath("/x")), false, VOLUMES, List.of(),
                SubPathResolver.lexical())).isInstanceOf(VolumeException.class).hasMessage("cannot find volume \"nope\" to mount into container \"app\"");
        assertThatThrownBy(() -> ContainerMounts.of(app(new VolumeMountBuilder().withName("scratch").withMountPath("/x").withSubPath("/abs")), false,
                VOLUMES, List.of(), SubPathResolver.lexical())).hasMessage("error SubPath `/abs` must not be an absolute path");
        assertThatThrownBy(() -> ContainerMounts.of(app(new VolumeMountBuilder().withName("scratch").withMountPath("/x").withSubPath("a/../../b")), false,
                VOLUMES, List.of(), SubPathResolver.lexical())).hasMessage("unable to provision SubPath `a/../../b`: must not contain '..'");
        Container bidi = app(new VolumeMountBuilder().withName("host").withMountPath("/x").withMountPropagation("Bidirectional"));
        assertThatThrownBy(() -> ContainerMounts.of(bidi, false, VOLUMES, List.of(), SubPathResolver.lexical()))
                .hasMessage("Bidirectional mount propagation is available only to privileged containers");
        assertThat(ContainerMounts.of(bidi, true, VOLUMES, List.of(), SubPathResolver.lexical()).getFirst().propagation())
                .isEqualTo(Mount.Propagation.BIDIRECTIONAL);
    }

    @Test
    void theNodesSubPathsAreCreatedAndMayNotLeaveTheVolume(@TempDir Path tmp) throws IOException {
        Path volume = Files.createDirectories(tmp.resolve("vol"));
        Files.setAttribute(volume, "unix:mode", 0777);
        MountedVolume v = new MountedVolume("scratch", VolumeKind.EMPTY_DIR, volume);
        SafeSubPaths safe = new SafeSubPaths();
        Path made = safe.resolve(v, "a/b", "m", "app");
        assertThat(made).isDirectory().isEqualTo(volume.toRealPath().resolve("a/b"));
        assertThat((Integer) Files.getAttribute(made, "unix:mode") & 0777).isEqualTo(0777);
        Files.createSymbolicLink(volume.resolve("escape"), tmp);
        assertThatThrownBy(() -> safe.resolve(v, "escape", "m", "app")).isInstanceOf(VolumeException.class).hasMessageContaining("not within volume path");
    }
}
