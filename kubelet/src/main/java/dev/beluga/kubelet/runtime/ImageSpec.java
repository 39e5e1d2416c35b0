package dev.beluga.kubelet.runtime;

import java.util.Map;

/** CRI ImageSpec: an image as the pod names it (or its reference), with runtime-specific annotations. */
public record ImageSpec(String image, Map<String, String> annotations) {
    public ImageSpec {
        annotations = Map.copyOf(annotations);
    }

    public static ImageSpec of(String image) {
        return new ImageSpec(image, Map.of());
    }
}
