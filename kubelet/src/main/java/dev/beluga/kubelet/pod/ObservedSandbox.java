package dev.beluga.kubelet.pod;

import dev.beluga.kubelet.runtime.SandboxState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A sandbox of the pod as the runtime reports it. */
public record ObservedSandbox(String id, int attempt, SandboxState state, Optional<String> ip, List<String> additionalIps, Instant createdAt) {
    public ObservedSandbox {
        additionalIps = List.copyOf(additionalIps);
    }

    public boolean ready() {
        return state == SandboxState.READY;
    }
}
