package dev.beluga.kubelet.runtime;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * CRI ContainerStatus.
 *
 * @param image    the image as created (normalized name, e.g. docker.io/library/busybox:1.35)
 * @param imageRef the image's digest reference, which becomes the pod status' imageID
 * @param reason   why it exited ("Completed", "Error", "OOMKilled"); "" while it runs
 */
public record ContainerStatus(String id, ContainerMetadata metadata, ContainerState state, Instant createdAt,
                              Optional<Instant> startedAt, Optional<Instant> finishedAt, int exitCode, ImageSpec image, String imageRef,
                              String reason, String message, Map<String, String> labels, Map<String, String> annotations, String logPath) {
    public ContainerStatus {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
