package dev.beluga.kubelet.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.kubelet.runtime.LinuxContainerResources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerResourcesTest {
    private static final long GI = 1L << 30;

    private static Container app(Map<String, String> requests, Map<String, String> limits) {
        Map<String, Quantity> r = new HashMap<>();
        requests.forEach((k, v) -> r.put(k, new Quantity(v)));
        Map<String, Quantity> l = new HashMap<>();
        limits.forEach((k, v) -> l.put(k, new Quantity(v)));
        return new ContainerBuilder().withName("app").withImage("busybox:1.35").withNewResources().withRequests(r).withLimits(l).endResources().build();
    }

    private static Pod pod(Container c) {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("u").endMetadata().withNewSpec().withContainers(c).endSpec().build();
    }

    @Test
    void cpuBecomesSharesAndQuotaAsUpstreamComputesThem() {
        Container c = app(Map.of("cpu", "250m"), Map.of("cpu", "500m", "memory", "128Mi"));
        LinuxContainerResources r = ContainerResources.of(pod(c), c, 4 * GI);
        assertThat(r.cpuShares()).isEqualTo(256);
        assertThat(r.cpuPeriod()).isEqualTo(100_000);
        assertThat(r.cpuQuota()).isEqualTo(50_000);
        assertThat(r.memoryLimitInBytes()).isEqualTo(128L << 20);
    }

    @Test
    void edgesOfTheCpuFormulas() {
        assertThat(ContainerResources.milliCpuToShares(0)).isEqualTo(2);
        assertThat(ContainerResources.milliCpuToShares(1)).isEqualTo(2);
        assertThat(ContainerResources.milliCpuToShares(100)).isEqualTo(102);
        assertThat(ContainerResources.milliCpuToShares(1_000_000)).isEqualTo(262_144);
        assertThat(ContainerResources.milliCpuToQuota(0, 100_000)).isZero();
        assertThat(ContainerResources.milliCpuToQuota(1, 100_000)).isEqualTo(1_000);
        assertThat(ContainerResources.milliCpuToQuota(2000, 100_000)).isEqualTo(200_000);
        // A request not set takes the limit's shares; no limit means no quota.
        Container limitOnly = app(Map.of(), Map.of("cpu", "1"));
        assertThat(ContainerResources.of(pod(limitOnly), limitOnly, GI).cpuShares()).isEqualTo(1024);
        Container requestOnly = app(Map.of("cpu", "1500m"), Map.of());
        LinuxContainerResources r = ContainerResources.of(pod(requestOnly), requestOnly, GI);
        assertThat(r.cpuShares()).isEqualTo(1536);
        assertThat(r.cpuQuota()).isZero();
        assertThat(r.memoryLimitInBytes()).isZero();
        // Milli-values round up: 0.1m is 1m.
        assertThat(ContainerResources.milli(new Quantity("0.0001"))).isEqualTo(1);
    }

    @Test
    void oomScoreFollowsTheQosClass() {
        Container guaranteed = app(Map.of("cpu", "1", "memory", "1Gi"), Map.of("cpu", "1", "memory", "1Gi"));
        assertThat(ContainerResources.of(pod(guaranteed), guaranteed, 4 * GI).oomScoreAdj()).isEqualTo(-997);
        Container bestEffort = app(Map.of(), Map.of());
        assertThat(ContainerResources.of(pod(bestEffort), bestEffort, 4 * GI).oomScoreAdj()).isEqualTo(1000);
        Container burstable = app(Map.of("memory", "1Gi"), Map.of());
        assertThat(ContainerResources.of(pod(burstable), burstable, 4 * GI).oomScoreAdj()).isEqualTo(750);
        Container huge = app(Map.of("memory", "4Gi"), Map.of());
        assertThat(ContainerResources.of(pod(huge), huge, 4 * GI).oomScoreAdj()).isEqualTo(3);
        Container tiny = app(Map.of("cpu", "100m"), Map.of());
        assertThat(ContainerResources.of(pod(tiny), tiny, 4 * GI).oomScoreAdj()).isEqualTo(999);
        // The API server's status.qosClass is used when set.
        Pod told = new PodBuilder(pod(burstable)).withNewStatus().withQosClass("Guaranteed").endStatus().build();
        assertThat(ContainerResources.of(told, burstable, 4 * GI).oomScoreAdj()).isEqualTo(-997);
        Pod critical = new PodBuilder(pod(bestEffort)).editSpec().withPriorityClassName("system-node-critical").withPriority(2_000_001_000).endSpec().build();
        assertThat(ContainerResources.of(critical, bestEffort, 4 * GI).oomScoreAdj()).isEqualTo(-997);
    }
}
