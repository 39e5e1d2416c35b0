package dev.beluga.kubelet.runtime;

/** CRI PodSandboxMetadata: the pod a sandbox belongs to, and which attempt (0, 1, ...) at a sandbox for it this is. */
public record SandboxMetadata(String name, String uid, String namespace, int attempt) {}
