package dev.beluga.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** What one manifest file gave: its pods (each accepted or rejected), or why it could not be read at all. */
public sealed interface ManifestReading {
    String source();

    /** The file's pods; {@code rejected} failed validation (or repeat a name) and do not run. */
    record Pods(String source, List<Pod> accepted, List<Rejected> rejected) implements ManifestReading {
        public Pods {
            accepted = List.copyOf(accepted);
            rejected = List.copyOf(rejected);
        }
    }

    /** Not a Pod, a PodList or a List of pods, or not YAML/JSON at all. */
    record Unreadable(String source, String reason) implements ManifestReading {}

    /** A pod of a manifest that does not run, and why (upstream's FailedValidation event message). */
    record Rejected(Pod pod, String message) {}
}
