package dev.beluga.kubelet.runtime;

import java.util.Map;
import java.util.Optional;

/** CRI PodSandboxFilter: every given criterion must hold; labels must all match. */
public record SandboxFilter(Optional<String> id, Optional<SandboxState> state, Map<String, String> labels) {
    public SandboxFilter {
        labels = Map.copyOf(labels);
    }

    public static SandboxFilter all() {
        return new SandboxFilter(Optional.empty(), Optional.empty(), Map.of());
    }

    public static SandboxFilter labelled(Map<String, String> labels) {
        return new SandboxFilter(Optional.empty(), Optional.empty(), labels);
    }

    public boolean matches(String sandboxId, SandboxState sandboxState, Map<String, String> sandboxLabels) {
        return id.map(sandboxId::equals).orElse(true)
                && state.map(s -> s == sandboxState).orElse(true)
                && sandboxLabels.entrySet().containsAll(labels.entrySet());
    }
}
