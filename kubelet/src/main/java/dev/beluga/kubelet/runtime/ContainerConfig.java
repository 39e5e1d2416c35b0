package dev.beluga.kubelet.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CRI ContainerConfig.
 *
 * @param command    the entrypoint (empty = the image's)
 * @param args       arguments (empty = the image's cmd, when command is empty too)
 * @param workingDir "" = the image's
 * @param logPath    relative to the sandbox's log directory ("name/0.log")
 * @param pidTarget  the container whose PID namespace this one joins (CRI NamespaceMode TARGET: an ephemeral
 *                   container with a targetContainerName); empty = the sandbox's PID namespace option
 */
public record ContainerConfig(ContainerMetadata metadata, ImageSpec image, List<String> command, List<String> args, String workingDir,
                              List<KeyValue> envs, List<Mount> mounts, Map<String, String> labels, Map<String, String> annotations,
                              String logPath, boolean stdin, boolean stdinOnce, boolean tty,
                              Optional<LinuxContainerResources> resources, Optional<LinuxContainerSecurity> security,
                              Optional<String> pidTarget) {
    public ContainerConfig {
        command = List.copyOf(command);
        args = List.copyOf(args);
        envs = List.copyOf(envs);
        mounts = List.copyOf(mounts);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** A container in the sandbox's PID namespace option (every container but a targeted ephemeral one). */
    public ContainerConfig(ContainerMetadata metadata, ImageSpec image, List<String> command, List<String> args, String workingDir,
                           List<KeyValue> envs, List<Mount> mounts, Map<String, String> labels, Map<String, String> annotations,
                           String logPath, boolean stdin, boolean stdinOnce, boolean tty,
                           Optional<LinuxContainerResources> resources, Optional<LinuxContainerSecurity> security) {
        this(metadata, image, command, args, workingDir, envs, mounts, labels, annotations, logPath, stdin, stdinOnce, tty, resources, security,
                Optional.empty());
    }

    /** This container in the PID namespace of the container {@code containerId}. */
    public ContainerConfig withPidTarget(String containerId) {
        return new ContainerConfig(metadata, image, command, args, workingDir, envs, mounts, labels, annotations, logPath, stdin, stdinOnce, tty,
                resources, security, Optional.of(containerId));
    }
}
