package dev.beluga.scheduler;

import dev.beluga.scheduler.framework.ClusterSnapshot;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Pods and nodes for scheduler tests, as the API server would store them. */
public final class Fixtures {
    private Fixtures() {}

    /** A pod in "default" with one container requesting the given cpu and memory (null: no request). */
    public static PodBuilder pod(String name, String cpu, String memory) {
        Map<String, Quantity> requests = new LinkedHashMap<>();
        if (cpu != null) requests.put("cpu", new Quantity(cpu));
        if (memory != null) requests.put("memory", new Quantity(memory));
        return new PodBuilder()
                .withNewMetadata().withNamespace("default").withName(name).withUid(UUID.randomUUID().toString()).endMetadata()
                .withNewSpec()
                .withSchedulerName("default-scheduler")
                .addToContainers(new ContainerBuilder().withName("app").withImage("busybox:1.36")
                        .withNewResources().withRequests(requests).endResources().build())
                .endSpec();
    }

    public static PodBuilder pod(String name) {
        return pod(name, null, null);
    }

    public static PodInfo info(Pod pod) {
        return PodInfo.of(pod);
    }

    /** A node with this allocatable (and capacity), labelled with its hostname, Ready. */
    public static NodeBuilder node(String name, String cpu, String memory, int pods) {
        Map<String, Quantity> alloc = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory), "pods", new Quantity(String.valueOf(pods)));
        return new NodeBuilder()
                .withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withCapacity(alloc).withAllocatable(alloc)
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").endCondition()
                .endStatus();
    }

    public static NodeInfo nodeInfo(Node node, Pod... pods) {
        NodeInfo info = NodeInfo.of(node);
        for (Pod p : pods) info.addPod(PodInfo.of(p));
        return info;
    }

    /** A snapshot over these nodes, as the cache would present it. */
    public static ClusterSnapshot snapshot(List<NodeInfo> nodes, Map<String, Map<String, String>> namespaceLabels) {
        return new ClusterSnapshot() {
            @Override
            public Collection<NodeInfo> nodes() {
                return nodes;
            }

            @Override
            public Collection<NodeInfo> nodesWithRequiredAntiAffinityPods() {
                return nodes.stream().filter(n -> !n.podsWithRequiredAntiAffinity().isEmpty()).toList();
            }

            @Override
            public Map<NodeInfo, Integer> podsOfControllerByNode(String controllerUid) {
                Map<NodeInfo, Integer> counts = new HashMap<>();
                for (NodeInfo n : nodes) {
                    for (PodInfo p : n.pods()) {
                        if (p.controllerUid().equals(Optional.of(controllerUid))) counts.merge(n, 1, Integer::sum);
                    }
                }
                return counts;
            }

            @Override
            public Map<String, String> namespaceLabels(String namespace) {
                return namespaceLabels.getOrDefault(namespace, Map.of());
            }
        };
    }

    public static ClusterSnapshot snapshot(List<NodeInfo> nodes) {
        return snapshot(nodes, Map.of());
    }
}
