package dev.beluga.kubelet.probe;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The probe results of one pod's containers at one moment, by probe type and container id as the
 * status shows it ("containerd://..."): what the pure pod actions and status read (upstream's
 * liveness, readiness and startup results managers).
 */
public record ProbeSnapshot(Map<ProbeType, Map<String, ProbeResult>> results) {
    public ProbeSnapshot {
        EnumMap<ProbeType, Map<String, ProbeResult>> copy = new EnumMap<>(ProbeType.class);
        results.forEach((t, m) -> copy.put(t, Map.copyOf(m)));
        results = copy;
    }

    public static ProbeSnapshot none() {
        return new ProbeSnapshot(Map.of());
    }

    public Optional<ProbeResult> get(ProbeType type, String containerId) {
        if (containerId == null) return Optional.empty();
        return Optional.ofNullable(results.getOrDefault(type, Map.of()).get(containerId));
    }

    /** True when the probe of that type has published that result for the container. */
    public boolean is(ProbeType type, String containerId, ProbeResult result) {
        return get(type, containerId).map(r -> r == result).orElse(false);
    }
}
