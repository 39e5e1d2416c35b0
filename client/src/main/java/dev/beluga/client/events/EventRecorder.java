package dev.beluga.client.events;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Records what a component did to an object, as `kubectl describe` and `kubectl get events` show it. */
public interface EventRecorder {
    void normal(HasMetadata involved, String reason, String message);

    void warning(HasMetadata involved, String reason, String message);
}
