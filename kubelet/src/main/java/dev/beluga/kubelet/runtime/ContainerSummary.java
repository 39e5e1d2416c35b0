package dev.beluga.kubelet.runtime;

import java.time.Instant;
import java.util.Map;

/** CRI Container: one entry of ListContainers. */
public record ContainerSummary(String id, String podSandboxId, ContainerMetadata metadata, ImageSpec image, String imageRef,
                               ContainerState state, Instant createdAt, Map<String, String> labels, Map<String, String> annotations) {
    public ContainerSummary {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
