package dev.beluga.kubelet.volume;

import java.nio.file.Path;

/** A volume set up for a pod: where it is on the node and what kind it is. */
public record MountedVolume(String name, VolumeKind kind, Path hostPath) {}
