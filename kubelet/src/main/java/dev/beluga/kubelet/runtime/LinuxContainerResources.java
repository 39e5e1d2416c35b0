package dev.beluga.kubelet.runtime;

/**
 * CRI LinuxContainerResources: the cgroup settings derived from requests and limits (0 = unset).
 * Filled in by the containerd issue; the simulated runtime ignores it.
 */
public record LinuxContainerResources(long cpuPeriod, long cpuQuota, long cpuShares, long memoryLimitInBytes, long oomScoreAdj) {}
