package dev.beluga.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beluga.kubelet.pod.ReferencedObjects;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodVolumesTest {
    @TempDir
    Path root;

    private PodVolumes volumes() {
        return new PodVolumes(new VolumeLayout(root.resolve("kubelet")), Clock.systemUTC());
    }

    private static Pod pod(Long fsGroup, Volume... vs) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("uid-1").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox:1.35").endContainer().withVolumes(vs).endSpec();
        if (fsGroup != null) b.editSpec().withNewSecurityContext().withFsGroup(fsGroup).endSecurityContext().endSpec();
        return b.build();
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    /** Root is needed to chown and mount; skipped with a message without it, a failure with CI=true. */
    private static void requireRoot() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            if ("true".equals(System.getenv("CI"))) throw new IllegalStateException("CI=true but this test needs root (chown, mount)");
            assumeTrue(false, "needs root to chown and mount");
        }
    }

    @Test
    void emptyDirAndConfigMapVolumesLiveUnderThePodsDirectoryAndGoWithIt() throws IOException {
        PodVolumes pv = volumes();
        Pod p = pod(null, new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("conf").withNewConfigMap().withName("cfg").endConfigMap().build());
        ReferencedObjects objects = new ReferencedObjects(Map.of("cfg", new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata()
                .withData(Map.of("k", "v")).build()), Map.of());
        PodVolumes.SetUp s = pv.setUp(p, objects, Map.of());
        assertThat(s).isInstanceOf(PodVolumes.Ready.class);
        Map<String, MountedVolume> ready = ((PodVolumes.Ready) s).volumes();
        Path scratch = root.resolve("kubelet/pods/uid-1/volumes/kubernetes.io~empty-dir/scratch");
        Path conf = root.resolve("kubelet/pods/uid-1/volumes/kubernetes.io~configmap/conf");
        assertThat(ready.get("scratch")).isEqualTo(new MountedVolume("scratch", VolumeKind.EMPTY_DIR, scratch));
        assertThat(ready.get("conf").hostPath()).isEqualTo(conf);
        assertThat(mode(scratch)).isEqualTo(0777);
        assertThat(Files.readString(conf.resolve("k"))).isEqualTo("v");

        // What a container wrote survives the next sync's set-up; a changed configMap shows.
        Files.writeString(scratch.resolve("data"), "kept");
        ReferencedObjects changed = new ReferencedObjects(Map.of("cfg", new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata()
                .withData(Map.of("k", "v2")).build()), Map.of());
        assertThat(pv.setUp(p, changed, Map.of())).isInstanceOf(PodVolumes.Ready.class);
        assertThat(Files.readString(scratch.resolve("data"))).isEqualTo("kept");
        assertThat(Files.readString(conf.resolve("k"))).isEqualTo("v2");

        pv.tearDown("uid-1");
        assertThat(root.resolve("kubelet/pods/uid-1")).doesNotExist();
        pv.tearDown("uid-1");
    }

    @Test
    void aMissingConfigMapFailsThatVolumeWithUpstreamsEventMessage() {
        Pod p = pod(null, new VolumeBuilder().withName("conf").withNewConfigMap().withName("y").endConfigMap().build(),
                new VolumeBuilder().withName("ok").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("claim").withNewPersistentVolumeClaim().withClaimName("c").endPersistentVolumeClaim().build());
        PodVolumes.SetUp s = volumes().setUp(p, ReferencedObjects.none(), Map.of());
        assertThat(s).isInstanceOf(PodVolumes.Failed.class);
        assertThat(((PodVolumes.Failed) s).ready()).containsOnlyKeys("ok");
        assertThat(((PodVolumes.Failed) s).failures()).allMatch(f -> f.written().isEmpty());
        assertThat(((PodVolumes.Failed) s).failures()).extracting(PodVolumes.Failure::eventMessage).containsExactly(
                "MountVolume.SetUp failed for volume \"conf\" : configmap \"y\" not found",
                "MountVolume.SetUp failed for volume \"claim\" : volume type persistentVolumeClaim is not supported by this kubelet");
    }

    @Test
    void aRefreshThatFailsStillNamesTheFilesWrittenBefore() {
        PodVolumes pv = volumes();
        Pod p = pod(null, new VolumeBuilder().withName("conf").withNewConfigMap().withName("y").endConfigMap().build());
        ReferencedObjects objects = new ReferencedObjects(Map.of("y", new ConfigMapBuilder().withNewMetadata().withName("y").endMetadata()
                .withData(Map.of("k", "v")).build()), Map.of());
        assertThat(pv.setUp(p, objects, Map.of())).isInstanceOf(PodVolumes.Ready.class);
        PodVolumes.SetUp s = pv.setUp(p, ReferencedObjects.none(), Map.of());
        assertThat(s).isInstanceOf(PodVolumes.Failed.class);
        assertThat(((PodVolumes.Failed) s).failures().getFirst().written())
                .contains(new MountedVolume("conf", VolumeKind.CONFIG_MAP, root.resolve("kubelet/pods/uid-1/volumes/kubernetes.io~configmap/conf")));
    }

    @Test
    void hostPathTypesAreCheckedOrCreated() throws IOException {
        Path missing = root.resolve("host/missing");
        Path file = Files.writeString(root.resolve("afile"), "x");
        PodVolumes pv = volumes();
        assertThat(failure(pv, hostPath(missing, "Directory"))).isEqualTo("hostPath type check failed: " + missing + " is not a directory");
        assertThat(failure(pv, hostPath(file, "Directory"))).isEqualTo("hostPath type check failed: " + file + " is not a directory");
        assertThat(failure(pv, hostPath(root, "File"))).isEqualTo("hostPath type check failed: " + root + " is not a file");
        assertThat(failure(pv, hostPath(file, "Socket"))).isEqualTo("hostPath type check failed: " + file + " is not a socket file");
        assertThat(failure(pv, hostPath(file, "CharDevice"))).isEqualTo("hostPath type check failed: " + file + " is not a character device");
        assertThat(failure(pv, hostPath(file, "Sideways"))).isEqualTo("Sideways is an invalid volume type");

        assertThat(pv.setUp(pod(null, hostPath(missing, "DirectoryOrCreate")), ReferencedObjects.none(), Map.of())).isInstanceOf(PodVolumes.Ready.class);
        assertThat(missing).isDirectory();
        assertThat(mode(missing)).isEqualTo(0755);
        Path newFile = root.resolve("created.txt");
        PodVolumes.SetUp s = pv.setUp(pod(null, hostPath(newFile, "FileOrCreate"), hostPath(Path.of("/dev/null"), "CharDevice"),
                hostPath(root.resolve("anything"), null)), ReferencedObjects.none(), Map.of());
        assertThat(s).isInstanceOf(PodVolumes.Ready.class);
        assertThat(newFile).isRegularFile();
        assertThat(((PodVolumes.Ready) s).volumes().get("v").hostPath()).isEqualTo(newFile);
        // Tearing the pod down never touches the node's paths.
        pv.tearDown("uid-1");
        assertThat(newFile).exists();
        assertThat(missing).exists();
    }

    @Test
    void fsGroupOwnsTheVolumesWithSetgidDirectories() throws IOException {
        requireRoot();
        PodVolumes pv = volumes();
        Pod p = pod(4321L, new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("conf").withNewConfigMap().withName("cfg").withDefaultMode(0400).endConfigMap().build());
        ReferencedObjects objects = new ReferencedObjects(Map.of("cfg", new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata()
                .withData(Map.of("k", "v")).build()), Map.of());
        assertThat(pv.setUp(p, objects, Map.of())).isInstanceOf(PodVolumes.Ready.class);
        Path scratch = root.resolve("kubelet/pods/uid-1/volumes/kubernetes.io~empty-dir/scratch");
        assertThat(Files.getAttribute(scratch, "unix:gid")).isEqualTo(4321);
        assertThat(mode(scratch)).isEqualTo(02777);
        Path key = root.resolve("kubelet/pods/uid-1/volumes/kubernetes.io~configmap/conf/k").toRealPath();
        assertThat(Files.getAttribute(key, "unix:gid")).isEqualTo(4321);
        // Read-only volumes get group read, not write: 0400 | 0440.
        assertThat(mode(key)).isEqualTo(0440);
        pv.tearDown("uid-1");
    }

    @Test
    void memoryEmptyDirIsATmpfsOfTheSizeLimitUnmountedOnTearDown() throws IOException {
        requireRoot();
        PodVolumes pv = volumes();
        Pod p = pod(null, new VolumeBuilder().withName("mem").withNewEmptyDir().withMedium("Memory").withSizeLimit(new Quantity("2Mi")).endEmptyDir().build());
        assertThat(pv.setUp(p, ReferencedObjects.none(), Map.of("memory", new Quantity("1Gi")))).isInstanceOf(PodVolumes.Ready.class);
        Path mem = root.resolve("kubelet/pods/uid-1/volumes/kubernetes.io~empty-dir/mem");
        try {
            assertThat(Tmpfs.isMountPoint(mem)).isTrue();
            assertThat(Files.getFileStore(mem).type()).isEqualTo("tmpfs");
            assertThat(Files.getFileStore(mem).getTotalSpace()).isEqualTo(2L << 20);
            // A second set-up finds it mounted and mounts nothing more.
            assertThat(pv.setUp(p, ReferencedObjects.none(), Map.of("memory", new Quantity("1Gi")))).isInstanceOf(PodVolumes.Ready.class);
            assertThat(Tmpfs.mountsUnder(mem)).hasSize(1);
        } finally {
            pv.tearDown("uid-1");
        }
        assertThat(Tmpfs.isMountPoint(mem)).isFalse();
        assertThat(mem).doesNotExist();
    }

    @Test
    void secretDownwardApiAndProjectedVolumesAreTmpfsMountsAndConfigMapsStayOnDisk() throws IOException {
        requireRoot();
        PodVolumes pv = volumes();
        Pod p = pod(null,
                new VolumeBuilder().withName("creds").withNewSecret().withSecretName("s").endSecret().build(),
                new VolumeBuilder().withName("info").withNewDownwardAPI().addNewItem().withPath("name").withNewFieldRef()
                        .withFieldPath("metadata.name").endFieldRef().endItem().endDownwardAPI().build(),
                new VolumeBuilder().withName("all").withNewProjected().addNewSource().withNewSecret().withName("s").endSecret().endSource()
                        .endProjected().build(),
                new VolumeBuilder().withName("conf").withNewConfigMap().withName("cfg").endConfigMap().build());
        ReferencedObjects objects = new ReferencedObjects(
                Map.of("cfg", new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata().withData(Map.of("k", "v")).build()),
                Map.of("s", new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("s").endMetadata()
                        .withData(Map.of("password", java.util.Base64.getEncoder().encodeToString("hunter2".getBytes()))).build()));
        Map<String, Quantity> allocatable = Map.of("memory", new Quantity("64Mi"));
        Path volumesDir = root.resolve("kubelet/pods/uid-1/volumes");
        Path creds = volumesDir.resolve("kubernetes.io~secret/creds");
        Path info = volumesDir.resolve("kubernetes.io~downward-api/info");
        Path all = volumesDir.resolve("kubernetes.io~projected/all");
        Path conf = volumesDir.resolve("kubernetes.io~configmap/conf");
        try {
            assertThat(pv.setUp(p, objects, allocatable)).isInstanceOf(PodVolumes.Ready.class);
            for (Path memoryBacked : List.of(creds, info, all)) {
                assertThat(Tmpfs.isMountPoint(memoryBacked)).as(memoryBacked.toString()).isTrue();
                assertThat(Files.getFileStore(memoryBacked).type()).isEqualTo("tmpfs");
                // Sized as a memory-backed emptyDir: the pod sets no memory limit, so the node's allocatable memory.
                assertThat(Files.getFileStore(memoryBacked).getTotalSpace()).isEqualTo(64L << 20);
            }
            assertThat(Files.readString(creds.resolve("password"))).isEqualTo("hunter2");
            assertThat(Files.readString(all.resolve("password"))).isEqualTo("hunter2");
            assertThat(Files.readString(info.resolve("name"))).isEqualTo("web");
            assertThat(Tmpfs.isMountPoint(conf)).isFalse();
            assertThat(Files.readString(conf.resolve("k"))).isEqualTo("v");
            // Syncing again mounts nothing more.
            assertThat(pv.setUp(p, objects, allocatable)).isInstanceOf(PodVolumes.Ready.class);
            assertThat(Tmpfs.mountsUnder(volumesDir)).hasSize(3);
        } finally {
            pv.tearDown("uid-1");
        }
        assertThat(Tmpfs.mountsUnder(volumesDir)).isEmpty();
        assertThat(root.resolve("kubelet/pods/uid-1")).doesNotExist();
    }

    @Test
    void aMissingSecretMountsNothing() {
        PodVolumes pv = volumes();
        Pod p = pod(null, new VolumeBuilder().withName("creds").withNewSecret().withSecretName("absent").endSecret().build());
        try {
            assertThat(pv.setUp(p, ReferencedObjects.none(), Map.of())).isInstanceOf(PodVolumes.Failed.class);
            assertThat(Tmpfs.mountsUnder(root.resolve("kubelet/pods/uid-1"))).isEmpty();
        } finally {
            pv.tearDown("uid-1");
        }
    }

    @Test
    void theMemoryEmptyDirIsNoLargerThanThePodMayUse() {
        Pod limited = new PodBuilder(pod(null)).editSpec().editFirstContainer().withNewResources().withLimits(Map.of("memory", new Quantity("64Mi")))
                .endResources().endContainer().endSpec().build();
        var noLimit = new io.fabric8.kubernetes.api.model.EmptyDirVolumeSourceBuilder().withMedium("Memory").build();
        var bigLimit = new io.fabric8.kubernetes.api.model.EmptyDirVolumeSourceBuilder().withMedium("Memory").withSizeLimit(new Quantity("1Gi")).build();
        var smallLimit = new io.fabric8.kubernetes.api.model.EmptyDirVolumeSourceBuilder().withMedium("Memory").withSizeLimit(new Quantity("1Mi")).build();
        assertThat(EmptyDirSize.memoryBacked(pod(null), noLimit, new Quantity("2Gi"))).isEqualTo(2L << 30);
        assertThat(EmptyDirSize.memoryBacked(limited, noLimit, new Quantity("2Gi"))).isEqualTo(64L << 20);
        assertThat(EmptyDirSize.memoryBacked(limited, bigLimit, new Quantity("2Gi"))).isEqualTo(64L << 20);
        assertThat(EmptyDirSize.memoryBacked(limited, smallLimit, new Quantity("2Gi"))).isEqualTo(1L << 20);
    }

    @Test
    void orphanedPodDirectoriesGoAndKnownOnesStay() throws IOException {
        PodVolumes pv = volumes();
        Volume scratch = new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build();
        assertThat(pv.setUp(pod(null, scratch), ReferencedObjects.none(), Map.of())).isInstanceOf(PodVolumes.Ready.class);
        Pod other = new PodBuilder(pod(null, scratch)).editMetadata().withUid("uid-2").endMetadata().build();
        assertThat(pv.setUp(other, ReferencedObjects.none(), Map.of())).isInstanceOf(PodVolumes.Ready.class);
        pv.tearDownOrphans("uid-1"::equals);
        assertThat(root.resolve("kubelet/pods/uid-1")).isDirectory();
        assertThat(root.resolve("kubelet/pods/uid-2")).doesNotExist();
    }

    @Test
    void mountinfoEscapesAreDecoded() {
        assertThat(Tmpfs.unescape("/var/lib/a\\040b")).isEqualTo("/var/lib/a b");
        assertThat(Tmpfs.unescape("/plain")).isEqualTo("/plain");
    }

    private static Volume hostPath(Path path, String type) {
        return new VolumeBuilder().withName(type == null ? "any" : type.equals("FileOrCreate") ? "v" : type).withNewHostPath().withPath(path.toString())
                .withType(type).endHostPath().build();
    }

    private String failure(PodVolumes pv, Volume v) {
        PodVolumes.SetUp s = pv.setUp(pod(null, v), ReferencedObjects.none(), Map.of());
        assertThat(s).isInstanceOf(PodVolumes.Failed.class);
        List<PodVolumes.Failure> f = ((PodVolumes.Failed) s).failures();
        assertThat(f).hasSize(1);
        return f.getFirst().message();
    }
}
