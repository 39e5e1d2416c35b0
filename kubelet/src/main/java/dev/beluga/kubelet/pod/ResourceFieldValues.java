package dev.beluga.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's ExtractContainerResourceValue for the downward API (env resourceFieldRef and downwardAPI
 * volume items): a container's request or limit divided by the divisor, rounded up; a limit the
 * container does not set is the node's allocatable amount (upstream's defaultPodLimitsForDownwardAPI).
 */
public final class ResourceFieldValues {
    private ResourceFieldValues() {}

    /** @throws IllegalArgumentException with upstream's message for an unknown resource or container */
    public static String value(ResourceFieldSelector fs, Pod pod, String defaultContainer, Map<String, Quantity> allocatable) {
        String name = fs.getContainerName() == null || fs.getContainerName().isEmpty() ? defaultContainer : fs.getContainerName();
        Optional<PodSpecs.KindedContainer> found = PodSpecs.find(pod, name);
        if (found.isEmpty()) throw new IllegalArgumentException("container " + name + " not found");
        return value(fs, found.get().container(), allocatable);
    }

    static String value(ResourceFieldSelector fs, Container c, Map<String, Quantity> allocatable) {
        String resource = fs.getResource() == null ? "" : fs.getResource();
        Quantity divisor = fs.getDivisor();
        boolean cpu = resource.endsWith(".cpu");
        BigDecimal div = divisor == null || divisor.getAmount() == null || divisor.getNumericalAmount().signum() == 0 ? BigDecimal.ONE
                : divisor.getNumericalAmount();
        BigDecimal amount;
        if (resource.startsWith("limits.")) {
            String r = resource.substring("limits.".length());
            if (!supported(r)) throw unsupported(resource);
            Quantity limit = get(c.getResources() == null ? null : c.getResources().getLimits(), r);
            if (limit == null || limit.getNumericalAmount().signum() == 0) limit = allocatable.get(r);
            amount = limit == null ? BigDecimal.ZERO : limit.getNumericalAmount();
        } else if (resource.startsWith("requests.")) {
            String r = resource.substring("requests.".length());
            if (!supported(r)) throw unsupported(resource);
            Quantity request = get(c.getResources() == null ? null : c.getResources().getRequests(), r);
            amount = request == null ? BigDecimal.ZERO : request.getNumericalAmount();
        } else {
            throw unsupported(resource);
        }
        // cpu compares milli-values, the others whole values, each rounded up first as Quantity's MilliValue/Value do.
        BigDecimal scale = cpu ? BigDecimal.valueOf(1000) : BigDecimal.ONE;
        BigDecimal a = amount.multiply(scale).setScale(0, RoundingMode.CEILING);
        BigDecimal d = div.multiply(scale).setScale(0, RoundingMode.CEILING);
        return a.divide(d, 0, RoundingMode.CEILING).toPlainString();
    }

    private static boolean supported(String r) {
        return r.equals("cpu") || r.equals("memory") || r.equals("ephemeral-storage") || r.startsWith("hugepages-");
    }

    private static Quantity get(Map<String, Quantity> m, String key) {
        return m == null ? null : m.get(key);
    }

    private static IllegalArgumentException unsupported(String resource) {
        return new IllegalArgumentException("unsupported container resource : " + resource);
    }
}
