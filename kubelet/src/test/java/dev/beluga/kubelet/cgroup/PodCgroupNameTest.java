package dev.beluga.kubelet.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodCgroupNameTest {
    private static Pod pod(Map<String, Quantity> requests, Map<String, Quantity> limits) {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("u-1").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox:1.35").withNewResources().withRequests(requests)
                .withLimits(limits).endResources().endContainer().endSpec().build();
    }

    @Test
    void theQosClassChoosesTheParentAsUpstreamsCgroupfsDriverNamesIt() {
        Map<String, Quantity> both = Map.of("cpu", new Quantity("100m"), "memory", new Quantity("64Mi"));
        assertThat(PodCgroupName.of(pod(both, both))).isEqualTo("/kubepods/podu-1");
        assertThat(PodCgroupName.of(pod(Map.of("cpu", new Quantity("100m")), Map.of()))).isEqualTo("/kubepods/burstable/podu-1");
        assertThat(PodCgroupName.of(pod(Map.of(), Map.of()))).isEqualTo("/kubepods/besteffort/podu-1");
        // The API server's qosClass wins over the spec.
        Pod reported = new PodBuilder(pod(Map.of(), Map.of())).withNewStatus().withQosClass("Burstable").endStatus().build();
        assertThat(PodCgroupName.of(reported)).isEqualTo("/kubepods/burstable/podu-1");
    }

    @Test
    void cgroupHierarchiesAreTheCgroupAndCgroup2Mounts() {
        List<String> mountinfo = List.of(
                "25 24 0:22 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755",
                "26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid shared:6 - cgroup2 cgroup2 rw",
                "28 25 0:25 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:8 - cgroup cgroup rw,cpu,cpuacct",
                "30 25 0:27 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory",
                "40 1 8:1 / / rw - ext4 /dev/sda1 rw");
        assertThat(PodCgroupRemoval.hierarchies(mountinfo))
                .containsExactly(Path.of("/sys/fs/cgroup/unified"), Path.of("/sys/fs/cgroup/cpu,cpuacct"), Path.of("/sys/fs/cgroup/memory"));
    }

    @Test
    void removalTakesThePodsDirectoriesInEveryHierarchyAndReportsWhatStays(@TempDir Path dir) throws IOException {
        Path cpu = dir.resolve("cpu");
        Path memory = dir.resolve("memory");
        Files.createDirectories(cpu.resolve("kubepods/besteffort/podu-1"));
        Files.createDirectories(memory.resolve("kubepods/besteffort/podu-1/a-container-still-there"));
        Files.createDirectories(memory.resolve("kubepods/besteffort/podu-2"));
        List<String> left = new PodCgroupRemoval(List.of(cpu, memory)).remove("u-1");
        assertThat(cpu.resolve("kubepods/besteffort/podu-1")).doesNotExist();
        assertThat(cpu.resolve("kubepods/besteffort")).isDirectory();
        assertThat(left).singleElement().asString().contains("memory/kubepods/besteffort/podu-1");
        assertThat(memory.resolve("kubepods/besteffort/podu-2")).isDirectory();
    }
}
