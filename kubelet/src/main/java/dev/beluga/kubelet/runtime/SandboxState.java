package dev.beluga.kubelet.runtime;

/** CRI PodSandboxState. */
public enum SandboxState { READY, NOTREADY }
