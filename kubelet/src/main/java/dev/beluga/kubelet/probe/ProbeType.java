package dev.beluga.kubelet.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.Optional;

/** The three probes of a container, with what each holds before its first verdict (upstream's worker initialValue). */
public enum ProbeType {
    /** Starts as Success: a container is alive until proven otherwise. */
    LIVENESS("Liveness", ProbeResult.SUCCESS),
    /** Starts as Failure: a container is not ready until proven otherwise. */
    READINESS("Readiness", ProbeResult.FAILURE),
    /** Starts as Unknown: the container has not started until the probe says so. */
    STARTUP("Startup", ProbeResult.UNKNOWN);

    private final String label;
    private final ProbeResult initial;

    ProbeType(String label, ProbeResult initial) {
        this.label = label;
        this.initial = initial;
    }

    /** As events name it: "Liveness probe failed: ...". */
    public String label() {
        return label;
    }

    public ProbeResult initial() {
        return initial;
    }

    /** The container's probe of this type, if it has one. */
    public Optional<Probe> of(Container c) {
        return Optional.ofNullable(switch (this) {
            case LIVENESS -> c.getLivenessProbe();
            case READINESS -> c.getReadinessProbe();
            case STARTUP -> c.getStartupProbe();
        });
    }
}
