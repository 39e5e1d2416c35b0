package dev.beluga.sim;

import dev.beluga.client.events.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Where hollow nodes' events go when a fleet runs without events (large benchmarks): nowhere. */
final class SilentEventRecorder implements EventRecorder {
    @Override
    public void normal(HasMetadata involved, String reason, String message) {
        // Deliberately dropped: SimSettings.recordEvents is off.
    }

    @Override
    public void warning(HasMetadata involved, String reason, String message) {
        // Deliberately dropped: SimSettings.recordEvents is off.
    }
}
