package dev.beluga.kubelet;

import dev.beluga.kubelet.pod.PodRuntimeSettings;
import dev.beluga.kubelet.pod.RestartBackOff;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.nio.file.Path;

/**
 * One kubelet's settings.
 *
 * @param nodeIp        the node's InternalIP, also the pods' hostIP
 * @param podCidr       spec.podCIDR ("" for none); pod IPs come from it
 * @param capacity      status.capacity: cpu, memory, pods, ephemeral-storage
 * @param allocatable   status.allocatable (capacity minus reservations)
 * @param nodeLabels    labels beyond the well-known kubernetes.io/hostname, /os, /arch
 * @param registerTaints taints the Node is registered with
 * @param kubeletPort   status.daemonEndpoints.kubeletEndpoint.Port
 * @param podManifestPath the folder of static pod manifests (--pod-manifest-path); none = no static pods
 */
public record KubeletConfig(String nodeName, String nodeIp, String podCidr, Map<String, Quantity> capacity, Map<String, Quantity> allocatable,
                            Map<String, String> nodeLabels, List<Taint> registerTaints, MachineInfo machine, KubeletTimings timings,
                            RestartBackOff restartBackOff, PodRuntimeSettings podSettings, int kubeletPort,
                            Optional<Path> podManifestPath) {
    public KubeletConfig {
        if (nodeName == null || nodeName.isEmpty()) throw new IllegalArgumentException("a kubelet needs a node name");
        capacity = Map.copyOf(capacity);
        allocatable = Map.copyOf(allocatable);
        nodeLabels = Map.copyOf(nodeLabels);
        registerTaints = List.copyOf(registerTaints);
    }

    /** Upstream's defaults around the given node facts; allocatable = capacity. */
    public static KubeletConfig of(String nodeName, String nodeIp, String podCidr, Map<String, Quantity> capacity, MachineInfo machine) {
        return new KubeletConfig(nodeName, nodeIp, podCidr, capacity, capacity, Map.of(), List.of(), machine, KubeletTimings.upstream(),
                RestartBackOff.upstream(), PodRuntimeSettings.defaults(), 10250, Optional.empty());
    }

    public KubeletConfig withTimings(KubeletTimings t) {
        return new KubeletConfig(nodeName, nodeIp, podCidr, capacity, allocatable, nodeLabels, registerTaints, machine, t, restartBackOff, podSettings, kubeletPort, podManifestPath);
    }

    public KubeletConfig withRestartBackOff(RestartBackOff b) {
        return new KubeletConfig(nodeName, nodeIp, podCidr, capacity, allocatable, nodeLabels, registerTaints, machine, timings, b, podSettings, kubeletPort, podManifestPath);
    }

    public KubeletConfig withNodeLabels(Map<String, String> labels) {
        return new KubeletConfig(nodeName, nodeIp, podCidr, capacity, allocatable, labels, registerTaints, machine, timings, restartBackOff, podSettings, kubeletPort, podManifestPath);
    }

    public KubeletConfig withRegisterTaints(List<Taint> taints) {
        return new KubeletConfig(nodeName, nodeIp, podCidr, capacity, allocatable, nodeLabels, taints, machine, timings, restartBackOff, podSettings, kubeletPort, podManifestPath);
    }

    public KubeletConfig withAllocatable(Map<String, Quantity> a) {
        return new KubeletConfig(nodeName, nodeIp, podCidr, capacity, a, nodeLabels, registerTaints, machine, timings, restartBackOff, podSettings, kubeletPort, podManifestPath);
    }

    /** The port the Node reports as status.daemonEndpoints.kubeletEndpoint.Port; 0 for a kubelet that serves no endpoint (hollow nodes). */
    public KubeletConfig withKubeletPort(int port) {
        return new KubeletConfig(nodeName, nodeIp, podCidr, capacity, allocatable, nodeLabels, registerTaints, machine, timings, restartBackOff, podSettings, port, podManifestPath);
    }

    public KubeletConfig withPodSettings(PodRuntimeSettings s) {
        return new KubeletConfig(nodeName, nodeIp, podCidr, capacity, allocatable, nodeLabels, registerTaints, machine, timings, restartBackOff, s, kubeletPort, podManifestPath);
    }

    /** Static pods from this folder (created at start), with mirror pods in the API. */
    public KubeletConfig withPodManifestPath(Path folder) {
        return new KubeletConfig(nodeName, nodeIp, podCidr, capacity, allocatable, nodeLabels, registerTaints, machine, timings, restartBackOff, podSettings, kubeletPort,
                Optional.of(folder));
    }
}
