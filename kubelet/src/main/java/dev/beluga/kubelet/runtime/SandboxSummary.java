package dev.beluga.kubelet.runtime;

import java.time.Instant;
import java.util.Map;

/** CRI PodSandbox: one entry of ListPodSandbox. */
public record SandboxSummary(String id, SandboxMetadata metadata, SandboxState state, Instant createdAt,
                             Map<String, String> labels, Map<String, String> annotations) {
    public SandboxSummary {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
