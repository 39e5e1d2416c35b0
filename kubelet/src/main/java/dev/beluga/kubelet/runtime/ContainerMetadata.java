package dev.beluga.kubelet.runtime;

/** CRI ContainerMetadata: the container's name in the pod and which attempt (restart count) this instance is. */
public record ContainerMetadata(String name, int attempt) {}
