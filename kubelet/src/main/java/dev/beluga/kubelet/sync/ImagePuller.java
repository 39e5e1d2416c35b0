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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's EnsureImageExists: honours imagePullPolicy, reports what it did as events, and backs
 * off failed pulls per pod and image (10 s doubling to 5 min, as upstream's image back-off), during
 * which the container waits in ImagePullBackOff instead of pulling again.
 */
final class ImagePuller {
    private static final Duration BACK_OFF_INITIAL = Duration.ofSeconds(10);
    private static final Duration BACK_OFF_MAX = Duration.ofMinutes(5);

    /** One pod's image's back-off: the armed delay and when it was armed. */
    record BackOff(Duration delay, Instant armedAt) {}

    /** The outcome: the image is there, or the container waits for the given reason. */
    sealed interface Result permits Present, Missing {}

    record Present(String imageRef) implements Result {}

    record Missing(WaitingReason why) implements Result {}

    private final ImageService images;
    private final EventRecorder events;
    private final Clock clock;
    private final Map<String, BackOff> backOffs = new ConcurrentHashMap<>();

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
        String key = pod.getMetadata().getUid() + "_" + image;
        Instant now = clock.instant();
        // Entries of pods long gone would otherwise stay: drop those past the point where they start over.
        if (backOffs.size() > 1024) backOffs.values().removeIf(b -> now.isAfter(b.armedAt().plus(BACK_OFF_MAX.multipliedBy(2))));
        BackOff armed = backOffs.get(key);
        if (armed != null && now.isBefore(armed.armedAt().plus(armed.delay()))) {
            String message = "Back-off pulling image \"" + image + "\"";
            events.normal(pod, "BackOff", message);
            return new Missing(new WaitingReason("ImagePullBackOff", message));
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
            backOffs.remove(key);
            return new Present(ref);
        } catch (ContainerRuntimeException e) {
            backOffs.put(key, nextBackOff(armed, clock.instant()));
            events.warning(pod, "Failed", "Failed to pull image \"" + image + "\": " + e.getMessage());
            events.warning(pod, "Failed", "Error: ErrImagePull");
            return new Missing(new WaitingReason("ErrImagePull", e.getMessage()));
        }
    }

    /** Upstream's flowcontrol.Backoff.Next: start at 10 s, double up to 5 min, start over after 2 × max of quiet. */
    static BackOff nextBackOff(BackOff previous, Instant now) {
        if (previous == null || now.isAfter(previous.armedAt().plus(BACK_OFF_MAX.multipliedBy(2)))) return new BackOff(BACK_OFF_INITIAL, now);
        Duration doubled = previous.delay().multipliedBy(2);
        return new BackOff(doubled.compareTo(BACK_OFF_MAX) > 0 ? BACK_OFF_MAX : doubled, now);
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
