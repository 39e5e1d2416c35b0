package dev.beluga.kubelet.pod;

import dev.beluga.kubelet.logs.PodLogDirectory;
import dev.beluga.kubelet.volume.ProcessRootDir;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The node-wide settings that shape a pod's sandbox and containers.
 *
 * @param podLogsRoot     where pod log directories go (upstream: /var/log/pods)
 * @param clusterDns      the cluster DNS service's addresses (empty: ClusterFirst pods use the node's resolver)
 * @param clusterDomain   e.g. cluster.local
 * @param rootDir         the kubelet's root dir (upstream: /var/lib/kubelet): pods/UID/volumes, seccomp profiles.
 *                        Only uid-named entries are touched, so kubelets may share one (hollow nodes do).
 * @param nodeCapacity    the node's capacity (memory: the Burstable OOM score)
 * @param nodeAllocatable the node's allocatable (downward API limits of containers without one, memory-backed emptyDir size)
 */
public record PodRuntimeSettings(String podLogsRoot, List<String> clusterDns, String clusterDomain, Path rootDir,
                                 Map<String, Quantity> nodeCapacity, Map<String, Quantity> nodeAllocatable) {
    /**
     * Where kubelets keep pod volumes unless told otherwise: a per-process temporary directory removed
     * at exit (see {@link ProcessRootDir}), not the real node's /var/lib/kubelet.
     */
    public static final Path DEFAULT_ROOT_DIR = ProcessRootDir.path();

    public PodRuntimeSettings {
        clusterDns = List.copyOf(clusterDns);
        nodeCapacity = Map.copyOf(nodeCapacity);
        nodeAllocatable = Map.copyOf(nodeAllocatable);
    }

    public PodRuntimeSettings(String podLogsRoot, List<String> clusterDns, String clusterDomain) {
        this(podLogsRoot, clusterDns, clusterDomain, DEFAULT_ROOT_DIR, Map.of(), Map.of());
    }

    public static PodRuntimeSettings defaults() {
        return new PodRuntimeSettings("/var/log/pods", List.of(), "cluster.local");
    }

    public PodRuntimeSettings withPodLogsRoot(Path logsRoot) {
        return new PodRuntimeSettings(logsRoot.toString(), clusterDns, clusterDomain, rootDir, nodeCapacity, nodeAllocatable);
    }

    public PodRuntimeSettings withRootDir(Path root) {
        return new PodRuntimeSettings(podLogsRoot, clusterDns, clusterDomain, root, nodeCapacity, nodeAllocatable);
    }

    /** These settings on a node with this capacity and allocatable (the kubelet fills them in from its config). */
    public PodRuntimeSettings withNode(Map<String, Quantity> capacity, Map<String, Quantity> allocatable) {
        return new PodRuntimeSettings(podLogsRoot, clusterDns, clusterDomain, rootDir, capacity, allocatable);
    }

    /** Where the pods' log directories are. */
    public PodLogDirectory podLogDirectory() {
        return new PodLogDirectory(Path.of(podLogsRoot));
    }

    /** Whether the pods' log directories lie in this kubelet's own root dir, so no other kubelet writes there. */
    public boolean ownsPodLogs() {
        return !rootDir.equals(DEFAULT_ROOT_DIR) && Path.of(podLogsRoot).toAbsolutePath().normalize().startsWith(rootDir.toAbsolutePath().normalize());
    }

    /** Upstream's seccomp profile root: ROOT/seccomp. */
    public Path seccompRoot() {
        return rootDir.resolve("seccomp");
    }

    /** The node's memory in bytes, 0 when unknown. */
    public long memoryCapacity() {
        Quantity q = nodeCapacity.get("memory");
        return q == null ? 0 : q.getNumericalAmount().longValue();
    }
}
