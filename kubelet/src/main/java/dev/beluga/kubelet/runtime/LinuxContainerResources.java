package dev.beluga.kubelet.runtime;

/**
 * CRI LinuxContainerResources: the cgroup settings derived from requests and limits (0 = unset),
 * computed by {@code kubelet.security.ContainerResources}; the simulated runtime only records them.
 */
public record LinuxContainerResources(long cpuPeriod, long cpuQuota, long cpuShares, long memoryLimitInBytes, long oomScoreAdj) {}
