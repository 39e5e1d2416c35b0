package dev.beluga.scheduler.framework;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the scheduler needs to know about one pod, parsed once from the Pod (requests, tolerations,
 * node selection, pod affinity terms, controller, host ports) so filters and scores never re-read
 * the model object per node. {@code pod} is the informer's shared object: never mutate it.
 *
 * @param key                  "namespace/name"
 * @param requests             what NodeResourcesFit checks
 * @param nonZeroRequests      what scoring counts (missing container cpu/memory requests defaulted)
 * @param requiredNodeAffinity the required node selector terms (any must match); empty when the pod has none
 * @param controllerUid        the uid of the owner reference marked controller, if any
 * @param hardSpreadConstraints the pod's DoNotSchedule topology spread constraints
 */
public record PodInfo(
        Pod pod,
        String key,
        String uid,
        String namespace,
        Map<String, String> labels,
        int priority,
        Resources requests,
        Resources nonZeroRequests,
        List<Toleration> tolerations,
        Map<String, String> nodeSelector,
        Optional<List<NodeSelectorTerm>> requiredNodeAffinity,
        List<WeightedNodeSelectorTerm> preferredNodeAffinity,
        List<AffinityTerm> requiredAffinityTerms,
        List<AffinityTerm> requiredAntiAffinityTerms,
        Optional<String> controllerUid,
        List<HostPort> hostPorts,
        List<SpreadConstraint> hardSpreadConstraints) {

    public static PodInfo of(Pod pod) {
        PodSpec spec = pod.getSpec();
        String ns = pod.getMetadata().getNamespace() == null ? "" : pod.getMetadata().getNamespace();
        Affinity affinity = spec.getAffinity();
        NodeAffinity nodeAffinity = affinity == null ? null : affinity.getNodeAffinity();

        Optional<List<NodeSelectorTerm>> required = Optional.empty();
        if (nodeAffinity != null && nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
            List<NodeSelectorTerm> terms = new ArrayList<>();
            for (var t : PodRequests.list(nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())) {
                terms.add(NodeSelectorTerm.parse(t));
            }
            required = Optional.of(List.copyOf(terms));
        }
        List<WeightedNodeSelectorTerm> preferred = new ArrayList<>();
        if (nodeAffinity != null) {
            for (PreferredSchedulingTerm t : PodRequests.list(nodeAffinity.getPreferredDuringSchedulingIgnoredDuringExecution())) {
                int weight = t.getWeight() == null ? 0 : t.getWeight();
                // Upstream skips zero-weight and empty preferences rather than letting them match nothing.
                if (weight == 0 || t.getPreference() == null) continue;
                NodeSelectorTerm term = NodeSelectorTerm.parse(t.getPreference());
                if (term.labels().isEmpty() && term.fields().isEmpty()) continue;
                preferred.add(new WeightedNodeSelectorTerm(weight, term));
            }
        }
        List<AffinityTerm> affinityTerms = new ArrayList<>();
        List<AffinityTerm> antiAffinityTerms = new ArrayList<>();
        if (affinity != null && affinity.getPodAffinity() != null) {
            for (PodAffinityTerm t : PodRequests.list(affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())) {
                affinityTerms.add(AffinityTerm.parse(ns, t));
            }
        }
        if (affinity != null && affinity.getPodAntiAffinity() != null) {
            for (PodAffinityTerm t : PodRequests.list(affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())) {
                antiAffinityTerms.add(AffinityTerm.parse(ns, t));
            }
        }
        Optional<String> controller = Optional.empty();
        for (OwnerReference ref : PodRequests.list(pod.getMetadata().getOwnerReferences())) {
            if (Boolean.TRUE.equals(ref.getController()) && ref.getUid() != null) {
                controller = Optional.of(ref.getUid());
                break;
            }
        }
        return new PodInfo(
                pod,
                ns.isEmpty() ? pod.getMetadata().getName() : ns + "/" + pod.getMetadata().getName(),
                pod.getMetadata().getUid() == null ? "" : pod.getMetadata().getUid(),
                ns,
                pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels(),
                spec.getPriority() == null ? 0 : spec.getPriority(),
                PodRequests.of(spec),
                PodRequests.nonZero(spec),
                List.copyOf(PodRequests.list(spec.getTolerations())),
                spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector(),
                required,
                List.copyOf(preferred),
                List.copyOf(affinityTerms),
                List.copyOf(antiAffinityTerms),
                controller,
                hostPorts(spec),
                spreadConstraints(spec, pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels()));
    }

    private static List<SpreadConstraint> spreadConstraints(PodSpec spec, Map<String, String> labels) {
        List<SpreadConstraint> out = new ArrayList<>();
        for (var c : PodRequests.list(spec.getTopologySpreadConstraints())) SpreadConstraint.parseHard(c, labels).ifPresent(out::add);
        return List.copyOf(out);
    }

    /** Upstream counts the host ports of app containers and of sidecars (restartable init containers). */
    private static List<HostPort> hostPorts(PodSpec spec) {
        List<HostPort> out = new ArrayList<>();
        List<Container> containers = new ArrayList<>(PodRequests.list(spec.getContainers()));
        for (Container c : PodRequests.list(spec.getInitContainers())) {
            if ("Always".equals(c.getRestartPolicy())) containers.add(c);
        }
        for (Container c : containers) {
            for (ContainerPort p : PodRequests.list(c.getPorts())) {
                if (p.getHostPort() != null && p.getHostPort() > 0) out.add(new HostPort(p.getProtocol(), p.getHostIP(), p.getHostPort()));
            }
        }
        return List.copyOf(out);
    }

    /** The same pod's newer object, reusing everything parsed (for updates that cannot change scheduling, such as status). */
    public PodInfo withPod(Pod newer) {
        return new PodInfo(newer, key, uid, namespace, labels, priority, requests, nonZeroRequests, tolerations, nodeSelector,
                requiredNodeAffinity, preferredNodeAffinity, requiredAffinityTerms, requiredAntiAffinityTerms, controllerUid, hostPorts,
                hardSpreadConstraints);
    }

    public String nodeName() {
        String n = pod.getSpec().getNodeName();
        return n == null ? "" : n;
    }

    public boolean hasRequiredPodAffinity() {
        return !requiredAffinityTerms.isEmpty() || !requiredAntiAffinityTerms.isEmpty();
    }
}
