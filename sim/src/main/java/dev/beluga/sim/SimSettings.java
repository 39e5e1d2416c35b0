package dev.beluga.sim;

import dev.beluga.kubelet.network.Ipv4Cidr;
import dev.beluga.kubelet.KubeletTimings;
import dev.beluga.kubelet.pod.RestartBackOff;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Map;

/**
 * How a fleet of hollow nodes looks and behaves.
 *
 * @param namePrefix     node i is named prefix + i
 * @param startLatency   how long starting a simulated container takes
 * @param podCidrBase    node i gets the i-th /{@code podCidrPrefix} network counted from here
 *                       (10.244.0.0 with /24: node 0 has 10.244.0.0/24, node 1 10.244.1.0/24, ...)
 * @param podCidrPrefix  the size of each node's pod network
 * @param nodeIpBase     node i's InternalIP is this address plus i + 1
 * @param capacity       each node's capacity (and allocatable)
 * @param recordEvents   whether the kubelets write Events (off for large benchmarks: it is a write per container step)
 * @param timings        the kubelets' periodic work
 * @param restartBackOff the crash-loop back-off
 */
public record SimSettings(String namePrefix, Duration startLatency, String podCidrBase, int podCidrPrefix, String nodeIpBase,
                          Map<String, Quantity> capacity, boolean recordEvents, KubeletTimings timings, RestartBackOff restartBackOff) {
    public SimSettings {
        capacity = Map.copyOf(capacity);
        if (podCidrPrefix < 8 || podCidrPrefix > 30) throw new IllegalArgumentException("podCidrPrefix must be 8..30, got " + podCidrPrefix);
    }

    /** hollow-node-N, no start latency, 10.244.N.0/24, 4 CPUs, 16 GiB, 110 pods, events on, upstream timings. */
    public static SimSettings defaults() {
        return new SimSettings("hollow-node-", Duration.ZERO, "10.244.0.0", 24, "172.16.0.0",
                Map.of("cpu", new Quantity("4"), "memory", new Quantity("16Gi"), "pods", new Quantity("110"), "ephemeral-storage", new Quantity("100Gi")),
                true, KubeletTimings.upstream(), RestartBackOff.upstream());
    }

    public SimSettings withNamePrefix(String prefix) {
        return new SimSettings(prefix, startLatency, podCidrBase, podCidrPrefix, nodeIpBase, capacity, recordEvents, timings, restartBackOff);
    }

    public SimSettings withStartLatency(Duration latency) {
        return new SimSettings(namePrefix, latency, podCidrBase, podCidrPrefix, nodeIpBase, capacity, recordEvents, timings, restartBackOff);
    }

    public SimSettings withCapacity(Map<String, Quantity> c) {
        return new SimSettings(namePrefix, startLatency, podCidrBase, podCidrPrefix, nodeIpBase, c, recordEvents, timings, restartBackOff);
    }

    public SimSettings withEvents(boolean on) {
        return new SimSettings(namePrefix, startLatency, podCidrBase, podCidrPrefix, nodeIpBase, capacity, on, timings, restartBackOff);
    }

    public SimSettings withTimings(KubeletTimings t) {
        return new SimSettings(namePrefix, startLatency, podCidrBase, podCidrPrefix, nodeIpBase, capacity, recordEvents, t, restartBackOff);
    }

    public SimSettings withRestartBackOff(RestartBackOff b) {
        return new SimSettings(namePrefix, startLatency, podCidrBase, podCidrPrefix, nodeIpBase, capacity, recordEvents, timings, b);
    }

    public String nodeName(int index) {
        return namePrefix + index;
    }

    public Ipv4Cidr podCidr(int index) {
        return new Ipv4Cidr(Ipv4Cidr.parseAddress(podCidrBase), podCidrPrefix).subnet(index, podCidrPrefix);
    }

    public String nodeIp(int index) {
        return Ipv4Cidr.formatAddress(Ipv4Cidr.parseAddress(nodeIpBase) + index + 1);
    }
}
