package dev.beluga.kubelet.pod;

import dev.beluga.kubelet.runtime.ContainerState;
import java.time.Instant;
import java.util.Optional;

/**
 * One runtime instance of one of the pod's containers (upstream's kubecontainer.Status).
 *
 * @param hash         the spec hash it was created from ({@link ContainerHash})
 * @param restartCount the restart count it was created with (annotation), upstream's source of truth
 * @param reason       the runtime's exit reason: Completed, Error, OOMKilled ("" unless exited)
 */
public record ObservedContainer(ContainerId id, String name, String sandboxId, ContainerState state, Instant createdAt,
                                Optional<Instant> startedAt, Optional<Instant> finishedAt, int exitCode, String reason, String message,
                                String image, String imageRef, String hash, int restartCount) {
    public boolean running() {
        return state == ContainerState.RUNNING;
    }

    public boolean exited() {
        return state == ContainerState.EXITED;
    }
}
