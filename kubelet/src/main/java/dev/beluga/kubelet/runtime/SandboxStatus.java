package dev.beluga.kubelet.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CRI PodSandboxStatus.
 *
 * @param ip            the pod's primary IP (empty for a sandbox whose network is not set up)
 * @param additionalIps further IPs (the other family of a dual-stack pod)
 */
public record SandboxStatus(String id, SandboxMetadata metadata, SandboxState state, Instant createdAt, Optional<String> ip,
                            List<String> additionalIps, Map<String, String> labels, Map<String, String> annotations) {
    public SandboxStatus {
        additionalIps = List.copyOf(additionalIps);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
