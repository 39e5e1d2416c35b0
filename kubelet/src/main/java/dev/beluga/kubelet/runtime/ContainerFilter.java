package dev.beluga.kubelet.runtime;

import java.util.Map;
import java.util.Optional;

/** CRI ContainerFilter: every given criterion must hold; labels must all match. */
public record ContainerFilter(Optional<String> id, Optional<ContainerState> state, Optional<String> podSandboxId, Map<String, String> labels) {
    public ContainerFilter {
        labels = Map.copyOf(labels);
    }

    public static ContainerFilter all() {
        return new ContainerFilter(Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    public static ContainerFilter labelled(Map<String, String> labels) {
        return new ContainerFilter(Optional.empty(), Optional.empty(), Optional.empty(), labels);
    }

    public boolean matches(String containerId, String sandboxId, ContainerState containerState, Map<String, String> containerLabels) {
        return id.map(containerId::equals).orElse(true)
                && podSandboxId.map(sandboxId::equals).orElse(true)
                && state.map(s -> s == containerState).orElse(true)
                && containerLabels.entrySet().containsAll(labels.entrySet());
    }
}
