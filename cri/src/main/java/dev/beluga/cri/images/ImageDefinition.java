package dev.beluga.cri.images;

import java.util.List;

/**
 * What {@link OciImageBuilder} writes: one single-layer linux/amd64 image, known under every name in
 * {@code names} (full references such as {@code docker.io/library/busybox:1.35}).
 */
public record ImageDefinition(List<String> names, ImageConfig config, List<LayerEntry> layer) {
    public ImageDefinition {
        names = List.copyOf(names);
        layer = List.copyOf(layer);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("an image needs at least one name");
        }
        for (String name : names) {
            if (!name.contains("/") || !(name.contains(":") || name.contains("@"))) {
                throw new IllegalArgumentException(
                        "image name must be a full reference (registry/repository:tag): " + name);
            }
        }
    }
}
