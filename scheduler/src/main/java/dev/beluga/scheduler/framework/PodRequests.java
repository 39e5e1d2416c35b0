package dev.beluga.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pod asks of a node, as upstream's resource helpers (PodRequests) compute it:
 * {@code max(sum(app containers) + sum(sidecars), max over init containers i of (init_i + sidecars started before i))},
 * then pod-level requests for cpu and memory when the pod sets them, plus the pod overhead.
 * Sidecars are init containers with restartPolicy Always: they keep running, so they add to the app
 * containers and to every init container started after them.
 */
public final class PodRequests {
    /** Upstream's DefaultMilliCPURequest: what scoring assumes for a container that requests no cpu. */
    public static final long DEFAULT_MILLI_CPU = 100;
    /** Upstream's DefaultMemoryRequest (200 MiB): what scoring assumes for a container that requests no memory. */
    public static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

    private PodRequests() {}

    /** The requests NodeResourcesFit compares against a node's free allocatable. */
    public static Resources of(PodSpec spec) {
        return Resources.fromAmounts(compute(spec, false));
    }

    /**
     * The requests scoring uses (upstream's NonZeroRequested): a container that requests no cpu or no
     * memory counts as {@link #DEFAULT_MILLI_CPU} / {@link #DEFAULT_MEMORY}, so best-effort pods still
     * spread instead of piling onto one node.
     */
    public static Resources nonZero(PodSpec spec) {
        return Resources.fromAmounts(compute(spec, true));
    }

    private static Map<String, Long> compute(PodSpec spec, boolean nonMissing) {
        Map<String, Long> total = new HashMap<>();
        for (Container c : list(spec.getContainers())) add(total, requests(c, nonMissing));
        Map<String, Long> sidecars = new HashMap<>();
        Map<String, Long> initMax = new HashMap<>();
        for (Container c : list(spec.getInitContainers())) {
            Map<String, Long> own = requests(c, nonMissing);
            Map<String, Long> whileStarting;
            if ("Always".equals(c.getRestartPolicy())) {
                add(total, own);
                add(sidecars, own);
                whileStarting = sidecars;
            } else {
                whileStarting = new HashMap<>(own);
                add(whileStarting, sidecars);
            }
            max(initMax, whileStarting);
        }
        max(total, initMax);
        if (spec.getResources() != null && spec.getResources().getRequests() != null) {
            for (String name : List.of(ResourceNames.CPU, ResourceNames.MEMORY)) {
                Quantity q = spec.getResources().getRequests().get(name);
                if (q != null) total.put(name, Quantities.amount(name, q));
            }
        }
        if (spec.getOverhead() != null) {
            Map<String, Long> overhead = new HashMap<>();
            spec.getOverhead().forEach((k, v) -> overhead.put(k, Quantities.amount(k, v)));
            add(total, overhead);
        }
        return total;
    }

    private static Map<String, Long> requests(Container c, boolean nonMissing) {
        Map<String, Quantity> req = c.getResources() == null ? null : c.getResources().getRequests();
        Map<String, Long> out = new HashMap<>();
        if (req != null) req.forEach((k, v) -> out.put(k, Quantities.amount(k, v)));
        if (nonMissing) {
            out.putIfAbsent(ResourceNames.CPU, DEFAULT_MILLI_CPU);
            out.putIfAbsent(ResourceNames.MEMORY, DEFAULT_MEMORY);
        }
        return out;
    }

    private static void add(Map<String, Long> into, Map<String, Long> amounts) {
        amounts.forEach((k, v) -> into.merge(k, v, Long::sum));
    }

    private static void max(Map<String, Long> into, Map<String, Long> amounts) {
        amounts.forEach((k, v) -> into.merge(k, v, Math::max));
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
