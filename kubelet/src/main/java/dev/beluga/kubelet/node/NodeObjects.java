package dev.beluga.kubelet.node;

import dev.beluga.kubelet.KubeletConfig;
import dev.beluga.kubelet.pod.Times;
import dev.beluga.kubelet.runtime.ImageInfo;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Node a kubelet registers and the status it keeps reporting (upstream's node status setters), without I/O. */
public final class NodeObjects {
    public static final String KUBELET_VERSION = "v1.32.0-beluga";
    /** Upstream reports at most this many images. */
    static final int MAX_IMAGES = 50;

    private NodeObjects() {}

    /** The well-known labels a kubelet sets on its Node, plus the configured ones. */
    public static Map<String, String> labels(KubeletConfig config) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("beta.kubernetes.io/arch", config.machine().architecture());
        labels.put("beta.kubernetes.io/os", config.machine().operatingSystem());
        labels.put("kubernetes.io/arch", config.machine().architecture());
        labels.put("kubernetes.io/hostname", config.nodeName());
        labels.put("kubernetes.io/os", config.machine().operatingSystem());
        labels.putAll(config.nodeLabels());
        return labels;
    }

    /** The Node as first registered. */
    public static Node registration(KubeletConfig config, NodeFacts facts, Instant now) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(config.nodeName()).withLabels(labels(config))
                .withAnnotations(Map.of("node.alpha.kubernetes.io/ttl", "0", "volumes.kubernetes.io/controller-managed-attach-detach", "true"))
                .endMetadata()
                .withNewSpec().withTaints(config.registerTaints()).endSpec()
                .withStatus(status(config, facts, new NodeStatus(), now));
        if (!config.podCidr().isEmpty()) b.editSpec().withPodCIDR(config.podCidr()).withPodCIDRs(config.podCidr()).endSpec();
        return b.build();
    }

    /**
     * The status to report: capacity, allocatable, the four conditions (transition times kept while
     * a condition's status stays), addresses, the kubelet endpoint, nodeInfo and images.
     */
    public static NodeStatus status(KubeletConfig config, NodeFacts facts, NodeStatus previous, Instant now) {
        String at = Times.format(now);
        List<NodeCondition> conditions = new ArrayList<>();
        conditions.add(condition(previous, "MemoryPressure", false, "KubeletHasSufficientMemory", "kubelet has sufficient memory available", at));
        conditions.add(condition(previous, "DiskPressure", false, "KubeletHasNoDiskPressure", "kubelet has no disk pressure", at));
        conditions.add(condition(previous, "PIDPressure", false, "KubeletHasSufficientPID", "kubelet has sufficient PID available", at));
        var rs = facts.runtimeStatus();
        if (rs.runtimeReady() && rs.networkReady()) {
            conditions.add(condition(previous, "Ready", true, "KubeletReady", "kubelet is posting ready status", at));
        } else {
            String why = !rs.runtimeReady() ? "container runtime is down" : "container runtime network not ready";
            if (!rs.message().isEmpty()) why = why + ": " + rs.message();
            conditions.add(condition(previous, "Ready", false, "KubeletNotReady", why, at));
        }
        List<NodeAddress> addresses = new ArrayList<>();
        if (!config.nodeIp().isEmpty()) addresses.add(new NodeAddress(config.nodeIp(), "InternalIP"));
        addresses.add(new NodeAddress(config.nodeName(), "Hostname"));
        List<ContainerImage> images = new ArrayList<>();
        facts.images().stream().sorted(Comparator.comparingLong(ImageInfo::sizeBytes).reversed()).limit(MAX_IMAGES).forEach(i -> {
            List<String> names = new ArrayList<>(i.repoDigests());
            names.addAll(i.repoTags());
            images.add(new ContainerImage(names, i.sizeBytes()));
        });
        var m = config.machine();
        return new NodeStatusBuilder()
                .withCapacity(config.capacity()).withAllocatable(config.allocatable())
                .withConditions(conditions).withAddresses(addresses)
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(config.kubeletPort()).endKubeletEndpoint().endDaemonEndpoints()
                .withNodeInfo(new NodeSystemInfoBuilder().withMachineID(m.machineId()).withSystemUUID(m.systemUuid()).withBootID(m.bootId())
                        .withKernelVersion(m.kernelVersion()).withOsImage(m.osImage()).withContainerRuntimeVersion(facts.runtimeVersion().nodeInfoForm())
                        .withKubeletVersion(KUBELET_VERSION).withKubeProxyVersion("").withOperatingSystem(m.operatingSystem()).withArchitecture(m.architecture())
                        .build())
                .withImages(images)
                .build();
    }

    /** Whether two statuses differ in anything but heartbeat times (upstream's nodeStatusHasChanged). */
    public static boolean changed(NodeStatus before, NodeStatus after) {
        return !withoutHeartbeats(before).equals(withoutHeartbeats(after));
    }

    private static NodeStatus withoutHeartbeats(NodeStatus s) {
        NodeStatus copy = new NodeStatusBuilder(s).build();
        if (copy.getConditions() != null) {
            List<NodeCondition> cs = new ArrayList<>();
            for (NodeCondition c : copy.getConditions()) cs.add(new NodeConditionBuilder(c).withLastHeartbeatTime(null).build());
            copy.setConditions(cs);
        }
        return copy;
    }

    private static NodeCondition condition(NodeStatus previous, String type, boolean status, String reason, String message, String now) {
        String s = status ? "True" : "False";
        String transition = now;
        if (previous.getConditions() != null) {
            for (NodeCondition c : previous.getConditions()) {
                if (type.equals(c.getType()) && s.equals(c.getStatus()) && c.getLastTransitionTime() != null) transition = c.getLastTransitionTime();
            }
        }
        return new NodeConditionBuilder().withType(type).withStatus(s).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(now).withLastTransitionTime(transition).build();
    }
}
