package dev.beluga.scheduler.framework;

import dev.beluga.api.selection.LabelSelector;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed pod (anti-)affinity term (upstream's framework.AffinityTerm): which pods it selects (label
 * selector, in the listed namespaces or in namespaces matching the namespace selector; the owning
 * pod's namespace when both are absent) and the node label that defines "the same place".
 */
public record AffinityTerm(Set<String> namespaces, LabelSelector namespaceSelector, LabelSelector selector, String topologyKey) {

    public static AffinityTerm parse(String ownNamespace, PodAffinityTerm term) {
        Set<String> namespaces = Set.copyOf(PodRequests.list(term.getNamespaces()));
        if (namespaces.isEmpty() && term.getNamespaceSelector() == null) namespaces = Set.of(ownNamespace);
        // An absent selector selects nothing and an empty one everything, as upstream's LabelSelectorAsSelector.
        return new AffinityTerm(namespaces, LabelSelector.fromModel(Optional.ofNullable(term.getNamespaceSelector())),
                LabelSelector.fromModel(Optional.ofNullable(term.getLabelSelector())),
                term.getTopologyKey() == null ? "" : term.getTopologyKey());
    }

    /** Upstream's PodMatchesTermsNamespaceAndSelector. */
    public boolean matches(PodInfo pod, Map<String, String> podNamespaceLabels) {
        if (!namespaces.contains(pod.namespace()) && !namespaceSelector.matches(podNamespaceLabels)) return false;
        return selector.matches(pod.labels());
    }
}
