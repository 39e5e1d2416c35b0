package dev.beluga.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.scheduler.Fixtures;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodRequestsTest {

    private static io.fabric8.kubernetes.api.model.Container container(String name, String cpu, String memory, String restartPolicy) {
        return new ContainerBuilder().withName(name).withImage("busybox:1.36").withRestartPolicy(restartPolicy)
                .withNewResources().withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory))).endResources().build();
    }

    @Test
    void appContainersAreSummed() {
        Pod pod = Fixtures.pod("p", "250m", "64Mi").editSpec().addToContainers(container("b", "1", "1Gi", null)).endSpec().build();
        Resources r = PodRequests.of(pod.getSpec());
        assertThat(r.milliCpu()).isEqualTo(1250);
        assertThat(r.memory()).isEqualTo(64L * 1024 * 1024 + 1024L * 1024 * 1024);
    }

    @Test
    void theLargestInitContainerWinsWhenItExceedsTheApps() {
        Pod pod = Fixtures.pod("p", "100m", "100Mi").editSpec()
                .addToInitContainers(container("init1", "2", "10Mi", null), container("init2", "50m", "500Mi", null)).endSpec().build();
        Resources r = PodRequests.of(pod.getSpec());
        assertThat(r.milliCpu()).isEqualTo(2000);
        assertThat(r.memory()).isEqualTo(500L * 1024 * 1024);
    }

    @Test
    void sidecarsAddToTheAppsAndToEveryInitContainerStartedAfterThem() {
        // init1 (before the sidecar) 1 cpu; sidecar 500m; init2 (after) 800m -> 1300m while init2 runs.
        Pod pod = Fixtures.pod("p", "100m", "10Mi").editSpec()
                .addToInitContainers(container("init1", "1", "1Mi", null), container("sidecar", "500m", "1Mi", "Always"),
                        container("init2", "800m", "1Mi", null)).endSpec().build();
        Resources r = PodRequests.of(pod.getSpec());
        // apps + sidecar = 600m; init max = max(1000, 500, 1300) = 1300m
        assertThat(r.milliCpu()).isEqualTo(1300);
        assertThat(r.memory()).isEqualTo(11L * 1024 * 1024);
    }

    @Test
    void overheadIsAddedAndPodLevelRequestsOverrideContainers() {
        Pod pod = Fixtures.pod("p", "100m", "10Mi").editSpec()
                .withOverhead(Map.of("cpu", new Quantity("50m")))
                .withNewResources().withRequests(Map.of("memory", new Quantity("1Gi"))).endResources().endSpec().build();
        Resources r = PodRequests.of(pod.getSpec());
        assertThat(r.milliCpu()).isEqualTo(150);
        assertThat(r.memory()).isEqualTo(1024L * 1024 * 1024);
    }

    @Test
    void scalarResourcesAreKeptByName() {
        Pod pod = Fixtures.pod("p").editSpec().editFirstContainer().editResources()
                .addToRequests("example.com/gpu", new Quantity("2")).endResources().endContainer().endSpec().build();
        assertThat(PodRequests.of(pod.getSpec()).scalar()).containsEntry("example.com/gpu", 2L);
    }

    @Test
    void nonZeroRequestsDefaultMissingCpuAndMemoryPerContainer() {
        Pod pod = Fixtures.pod("p", "300m", null).editSpec().addToContainers(new ContainerBuilder().withName("b").withImage("x").build())
                .endSpec().build();
        Resources r = PodRequests.nonZero(pod.getSpec());
        assertThat(r.milliCpu()).isEqualTo(300 + PodRequests.DEFAULT_MILLI_CPU);
        assertThat(r.memory()).isEqualTo(2 * PodRequests.DEFAULT_MEMORY);
        assertThat(PodRequests.of(pod.getSpec()).memory()).isZero();
    }

    @Test
    void quantitiesRoundUp() {
        assertThat(Quantities.milliValue(new Quantity("0.0001"))).isEqualTo(1);
        assertThat(Quantities.value(new Quantity("1.5"))).isEqualTo(2);
        assertThat(Quantities.value(new Quantity("1Ki"))).isEqualTo(1024);
        assertThat(Quantities.milliValue(new Quantity("2"))).isEqualTo(2000);
    }
}
