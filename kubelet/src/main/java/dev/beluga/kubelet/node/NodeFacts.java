package dev.beluga.kubelet.node;

import dev.beluga.kubelet.runtime.ImageInfo;
import dev.beluga.kubelet.runtime.RuntimeStatus;
import dev.beluga.kubelet.runtime.RuntimeVersion;
import java.util.List;

/** What the node status reports besides the kubelet's configuration: the runtime's version, readiness and images. */
public record NodeFacts(RuntimeVersion runtimeVersion, RuntimeStatus runtimeStatus, List<ImageInfo> images) {
    public NodeFacts {
        images = List.copyOf(images);
    }
}
