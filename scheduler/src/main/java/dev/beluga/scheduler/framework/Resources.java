package dev.beluga.scheduler.framework;

import java.util.Map;

/**
 * An amount of each resource: cpu in millicores, memory and ephemeral storage in bytes, scalar
 * (extended, hugepages) resources in units.
 */
public record Resources(long milliCpu, long memory, long ephemeralStorage, Map<String, Long> scalar) {
    public static final Resources ZERO = new Resources(0, 0, 0, Map.of());

    public Resources {
        scalar = Map.copyOf(scalar);
    }

    public long scalar(String name) {
        return scalar.getOrDefault(name, 0L);
    }

    public boolean isZero() {
        if (milliCpu != 0 || memory != 0 || ephemeralStorage != 0) return false;
        for (long v : scalar.values()) if (v != 0) return false;
        return true;
    }

    /** From a resource list already counted in scheduler units (see {@link Quantities#amount}). */
    public static Resources fromAmounts(Map<String, Long> amounts) {
        java.util.HashMap<String, Long> scalar = new java.util.HashMap<>();
        for (Map.Entry<String, Long> e : amounts.entrySet()) {
            if (ResourceNames.isScalar(e.getKey())) scalar.put(e.getKey(), e.getValue());
        }
        return new Resources(amounts.getOrDefault(ResourceNames.CPU, 0L), amounts.getOrDefault(ResourceNames.MEMORY, 0L),
                amounts.getOrDefault(ResourceNames.EPHEMERAL_STORAGE, 0L), scalar);
    }
}
