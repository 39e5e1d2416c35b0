package dev.beluga.scheduler.plugins;

import dev.beluga.scheduler.framework.ClusterSnapshot;
import dev.beluga.scheduler.framework.FilterPlugin;
import dev.beluga.scheduler.framework.FilterResult;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import dev.beluga.scheduler.framework.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Upstream's NodeResourcesFit filter (fitsRequest): the node must have room for one more pod
 * (allocatable pods), and every resource the pod requests must fit in allocatable minus what the
 * pods already there (assumed ones included) request. Every shortfall is a reason, so a node short of
 * cpu and memory counts for both in the message.
 */
public final class NodeResourcesFitPlugin implements FilterPlugin {
    public static final String TOO_MANY_PODS = "Too many pods";

    @Override
    public String name() {
        return "NodeResourcesFit";
    }

    @Override
    public Optional<NodeFilter> filterFor(PodInfo pod, ClusterSnapshot cluster) {
        return Optional.of(node -> filter(pod, node));
    }

    public static String insufficient(String resource) {
        return "Insufficient " + resource;
    }

    public static FilterResult filter(PodInfo pod, NodeInfo node) {
        Resources req = pod.requests();
        boolean tooManyPods = node.podCount() + 1 > node.allowedPods();
        boolean cpu = req.milliCpu() > 0 && req.milliCpu() > node.allocatableMilliCpu() - node.requestedMilliCpu();
        boolean memory = req.memory() > 0 && req.memory() > node.allocatableMemory() - node.requestedMemory();
        boolean storage = req.ephemeralStorage() > 0 && req.ephemeralStorage() > node.allocatableEphemeralStorage() - node.requestedEphemeralStorage();
        List<String> scalarShort = List.of();
        if (!req.scalar().isEmpty()) {
            Resources alloc = node.allocatable();
            scalarShort = new ArrayList<>();
            for (Map.Entry<String, Long> e : new TreeMap<>(req.scalar()).entrySet()) {
                long wanted = e.getValue();
                if (wanted > 0 && wanted > alloc.scalar(e.getKey()) - node.requestedScalar(e.getKey())) scalarShort.add(e.getKey());
            }
        }
        if (!tooManyPods && !cpu && !memory && !storage && scalarShort.isEmpty()) return FilterResult.FITS;
        List<String> reasons = new ArrayList<>(4);
        if (tooManyPods) reasons.add(TOO_MANY_PODS);
        if (cpu) reasons.add(insufficient("cpu"));
        if (memory) reasons.add(insufficient("memory"));
        if (storage) reasons.add(insufficient("ephemeral-storage"));
        for (String s : scalarShort) reasons.add(insufficient(s));
        return new FilterResult.Rejected(reasons);
    }
}
