package dev.beluga.kubelet.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmptyDirLimitsTest {
    private static Volume emptyDir(String name, String medium, String sizeLimit) {
        return new VolumeBuilder().withName(name).withNewEmptyDir().withMedium(medium)
                .withSizeLimit(sizeLimit == null ? null : new Quantity(sizeLimit)).endEmptyDir().build();
    }

    private static Pod pod(Volume... volumes) {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("u-1").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox:1.35").endContainer().withVolumes(volumes).endSpec().build();
    }

    @Test
    void onlyDiskBackedEmptyDirsWithAPositiveSizeLimitAreChecked() {
        Pod p = pod(emptyDir("scratch", "", "1Mi"), emptyDir("mem", "Memory", "1Mi"), emptyDir("unbounded", null, null),
                emptyDir("zero", null, "0"), new VolumeBuilder().withName("conf").withNewConfigMap().withName("c").endConfigMap().build());
        assertThat(EmptyDirLimits.onDisk(p)).containsExactly(new EmptyDirLimits.Limit("scratch", new Quantity("1Mi"), 1 << 20));
    }

    @Test
    void aVolumeOverItsLimitEvictsWithUpstreamsMessage() {
        Pod p = pod(emptyDir("a", null, "1Ki"), emptyDir("b", null, "500M"));
        assertThat(EmptyDirLimits.exceeded(p, Map.of("a", 1024L, "b", 500_000_000L))).isEmpty();
        assertThat(EmptyDirLimits.exceeded(p, Map.of("a", 1025L))).contains("Usage of EmptyDir volume \"a\" exceeds the limit \"1Ki\". ");
        assertThat(EmptyDirLimits.exceeded(p, Map.of("a", 1025L, "b", 500_000_001L))).contains("Usage of EmptyDir volume \"a\" exceeds the limit \"1Ki\". ");
        assertThat(EmptyDirLimits.exceeded(p, Map.of("b", 500_000_001L))).contains("Usage of EmptyDir volume \"b\" exceeds the limit \"500M\". ");
        assertThat(EmptyDirLimits.exceeded(p, Map.of())).isEmpty();
    }

    @Test
    void criticalPodsAreNotEvicted() {
        Pod p = pod(emptyDir("a", null, "1Ki"));
        Pod staticPod = new PodBuilder(p).editMetadata().addToAnnotations("kubernetes.io/config.source", "file").endMetadata().build();
        Pod systemCritical = new PodBuilder(p).editSpec().withPriority(2_000_000_000).endSpec().build();
        Pod high = new PodBuilder(p).editSpec().withPriority(1_000_000_000).endSpec().build();
        assertThat(EmptyDirLimits.exceeded(staticPod, Map.of("a", 2048L))).isEmpty();
        assertThat(EmptyDirLimits.exceeded(systemCritical, Map.of("a", 2048L))).isEmpty();
        assertThat(EmptyDirLimits.exceeded(high, Map.of("a", 2048L))).isPresent();
    }

    @Test
    void anEvictedPodIsFailedWithReasonEvicted() {
        var terminal = new PodStatusBuilder().withPhase("Succeeded").withPodIP("10.0.0.5").build();
        var evicted = EmptyDirLimits.evicted(terminal, "m");
        assertThat(evicted.getPhase()).isEqualTo("Failed");
        assertThat(evicted.getReason()).isEqualTo("Evicted");
        assertThat(evicted.getMessage()).isEqualTo("m");
        assertThat(evicted.getPodIP()).isEqualTo("10.0.0.5");
        assertThat(terminal.getPhase()).isEqualTo("Succeeded");
    }
}
