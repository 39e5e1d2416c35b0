package dev.beluga.kubelet.runtime;

/** CRI ContainerState. */
public enum ContainerState { CREATED, RUNNING, EXITED, UNKNOWN }
