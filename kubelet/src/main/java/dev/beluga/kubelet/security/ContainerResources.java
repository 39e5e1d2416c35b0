package dev.beluga.kubelet.security;

import dev.beluga.api.admission.Defaulting;
import dev.beluga.kubelet.runtime.LinuxContainerResources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A container's requests and limits as CRI Linux resources (upstream's calculateLinuxResources and
 * GetContainerOOMScoreAdjust). Pure. The containers sit in their pod's cgroup ({@code cgroup.PodCgroupName}),
 * which the runtime creates without limits of its own: pod-level limits are not enforced, only the
 * containers' own.
 */
public final class ContainerResources {
    static final long MIN_SHARES = 2;
    static final long MAX_SHARES = 262_144;
    static final long SHARES_PER_CPU = 1024;
    /** The CFS period, in microseconds (upstream's quotaPeriod without the CPUCFSQuotaPeriod gate). */
    static final long QUOTA_PERIOD = 100_000;
    /** Quota is at least 1 ms. */
    static final long MIN_QUOTA = 1_000;
    static final int GUARANTEED_OOM_SCORE_ADJ = -997;
    static final int BEST_EFFORT_OOM_SCORE_ADJ = 1000;
    private static final long SYSTEM_CRITICAL_PRIORITY = 2_000_000_000L;

    private ContainerResources() {}

    /** @param memoryCapacity the node's memory in bytes (for the Burstable OOM score) */
    public static LinuxContainerResources of(Pod pod, Container c, long memoryCapacity) {
        long cpuRequest = milli(request(c, "cpu"));
        long cpuLimit = milli(limit(c, "cpu"));
        // A request not set but a limit set: the request defaults to the limit (the API server does so for new pods).
        long shares = milliCpuToShares(cpuRequest == 0 && cpuLimit != 0 ? cpuLimit : cpuRequest);
        long memoryLimit = value(limit(c, "memory"));
        return new LinuxContainerResources(QUOTA_PERIOD, milliCpuToQuota(cpuLimit, QUOTA_PERIOD), shares, memoryLimit,
                oomScoreAdjust(pod, c, memoryCapacity));
    }

    /** Upstream's MilliCPUToShares. */
    static long milliCpuToShares(long milliCpu) {
        if (milliCpu == 0) return MIN_SHARES;
        long shares = milliCpu * SHARES_PER_CPU / 1000;
        return Math.clamp(shares, MIN_SHARES, MAX_SHARES);
    }

    /** Upstream's milliCPUToQuota: 0 (no quota) without a limit. */
    static long milliCpuToQuota(long milliCpu, long period) {
        if (milliCpu == 0) return 0;
        return Math.max(milliCpu * period / 1000, MIN_QUOTA);
    }

    /** The pod's QoS class: status.qosClass as the API server set it, else computed from the spec as the API server would. */
    public static String qosClass(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getQosClass() != null ? pod.getStatus().getQosClass() : Defaulting.qosClass(pod.getSpec());
    }

    /** Upstream's GetContainerOOMScoreAdjust. */
    static int oomScoreAdjust(Pod pod, Container c, long memoryCapacity) {
        if (nodeCritical(pod)) return GUARANTEED_OOM_SCORE_ADJ;
        String qos = qosClass(pod);
        if ("Guaranteed".equals(qos)) return GUARANTEED_OOM_SCORE_ADJ;
        if ("BestEffort".equals(qos)) return BEST_EFFORT_OOM_SCORE_ADJ;
        long memoryRequest = value(request(c, "memory"));
        long adjust = memoryCapacity <= 0 ? 1000 : 1000 - (1000 * memoryRequest) / memoryCapacity;
        // A Guaranteed pod using all memory has a score of about 3; Burstable ones stay above it...
        if (adjust < 1000 + GUARANTEED_OOM_SCORE_ADJ) return 1000 + GUARANTEED_OOM_SCORE_ADJ;
        // ...and below BestEffort ones.
        if (adjust == BEST_EFFORT_OOM_SCORE_ADJ) return (int) adjust - 1;
        return (int) adjust;
    }

    /** Upstream's IsNodeCriticalPod: system-node-critical with a critical priority (or a static/mirror pod). */
    private static boolean nodeCritical(Pod pod) {
        if (pod.getSpec() == null || !"system-node-critical".equals(pod.getSpec().getPriorityClassName())) return false;
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        boolean staticOrMirror = annotations != null && (annotations.containsKey("kubernetes.io/config.mirror")
                || "file".equals(annotations.get("kubernetes.io/config.source")));
        return staticOrMirror || (pod.getSpec().getPriority() != null && pod.getSpec().getPriority() >= SYSTEM_CRITICAL_PRIORITY);
    }

    private static Quantity request(Container c, String name) {
        return c.getResources() == null || c.getResources().getRequests() == null ? null : c.getResources().getRequests().get(name);
    }

    private static Quantity limit(Container c, String name) {
        return c.getResources() == null || c.getResources().getLimits() == null ? null : c.getResources().getLimits().get(name);
    }

    /** Quantity.MilliValue: thousandths, rounded up. */
    public static long milli(Quantity q) {
        if (q == null) return 0;
        return q.getNumericalAmount().multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** Quantity.Value: whole units, rounded up. */
    public static long value(Quantity q) {
        if (q == null) return 0;
        return q.getNumericalAmount().setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
