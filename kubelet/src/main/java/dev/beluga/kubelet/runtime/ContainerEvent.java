package dev.beluga.kubelet.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * CRI ContainerEventResponse: what changed, and the labels of the sandbox it happened in (which
 * name the pod, so the kubelet knows which pod to sync).
 */
public record ContainerEvent(String containerId, Type type, Instant createdAt, String podSandboxId, Map<String, String> podSandboxLabels) {
    public enum Type { CREATED, STARTED, STOPPED, DELETED }

    public ContainerEvent {
        podSandboxLabels = Map.copyOf(podSandboxLabels);
    }
}
