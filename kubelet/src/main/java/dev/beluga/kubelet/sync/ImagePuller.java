package dev.beluga.kubelet.sync;

import dev.beluga.client.events.EventRecorder;
import dev.beluga.kubelet.pod.WaitingReason;
import dev.beluga.kubelet.runtime.ContainerRuntimeException;
import dev.beluga.kubelet.runtime.ImageInfo;
import dev.beluga.kubelet.runtime.ImageService;
import dev.beluga.kubelet.runtime.ImageSpec;
import dev.beluga.kubelet.runtime.SandboxConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Upstream's EnsureImageExists: honours imagePullPolicy and reports what it did as events. */
final class ImagePuller {
    /** The outcome: the image is there, or the container waits for the given reason. */
    sealed interface Result permits Present, Missing {}

    record Present(String imageRef) implements Result {}

    record Missing(WaitingReason why) implements Result {}

    private final ImageService images;
    private final EventRecorder events;
    private final Clock clock;

    ImagePuller(ImageService images, EventRecorder events, Clock clock) {
        this.images = images;
        this.events = events;
        this.clock = clock;
    }

    Result ensure(Pod pod, Container c, SandboxConfig sandbox) {
        String image = c.getImage();
        ImageSpec spec = ImageSpec.of(image);
        String policy = pullPolicy(c);
        Optional<ImageInfo> present = "Always".equals(policy) ? Optional.empty() : images.imageStatus(spec);
        if (present.isPresent()) {
            events.normal(pod, "Pulled", "Container image \"" + image + "\" already present on machine");
            return new Present(present.get().id());
        }
        if ("Never".equals(policy)) {
            String message = "Container image \"" + image + "\" is not present with pull policy of Never";
            events.warning(pod, "ErrImageNeverPull", message);
            return new Missing(new WaitingReason("ErrImageNeverPull", message));
        }
        events.normal(pod, "Pulling", "Pulling image \"" + image + "\"");
        Instant start = clock.instant();
        try {
            String ref = images.pullImage(spec, sandbox);
            Duration took = Duration.between(start, clock.instant());
            long size = images.imageStatus(spec).map(ImageInfo::sizeBytes).orElse(0L);
            String seconds = String.format("%.3fs", took.toMillis() / 1000.0);
            events.normal(pod, "Pulled", "Successfully pulled image \"" + image + "\" in " + seconds + " (" + seconds
                    + " including waiting). Image size: " + size + " bytes.");
            return new Present(ref);
        } catch (ContainerRuntimeException e) {
            events.warning(pod, "Failed", "Failed to pull image \"" + image + "\": " + e.getMessage());
            events.warning(pod, "Failed", "Error: ErrImagePull");
            return new Missing(new WaitingReason("ErrImagePull", e.getMessage()));
        }
    }

    /** The policy as defaulted: Always for :latest or untagged images, else IfNotPresent. */
    static String pullPolicy(Container c) {
        if (c.getImagePullPolicy() != null && !c.getImagePullPolicy().isEmpty()) return c.getImagePullPolicy();
        String image = c.getImage() == null ? "" : c.getImage();
        if (image.contains("@")) return "IfNotPresent";
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > slash;
        return !tagged || image.endsWith(":latest") ? "Always" : "IfNotPresent";
    }
}
