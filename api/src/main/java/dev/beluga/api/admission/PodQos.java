package dev.beluga.api.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Upstream's GetPodQOS: only cpu and memory of regular and init containers count. */
final class PodQos {
    private static final List<String> QOS_RESOURCES = List.of("cpu", "memory");

    private PodQos() {}

    static String qosClass(PodSpec spec) {
        Map<String, BigDecimal> requests = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        List<Container> all = new java.util.ArrayList<>(PodSpecDefaults.list(spec.getContainers()));
        all.addAll(PodSpecDefaults.list(spec.getInitContainers()));
        for (Container c : all) {
            Map<String, Quantity> req = c.getResources() == null ? null : c.getResources().getRequests();
            Map<String, Quantity> lim = c.getResources() == null ? null : c.getResources().getLimits();
            sum(req, requests);
            int limitsFound = sum(lim, limits);
            if (limitsFound < QOS_RESOURCES.size()) guaranteed = false;
        }
        if (requests.isEmpty() && limits.isEmpty()) return "BestEffort";
        if (guaranteed) {
            for (Map.Entry<String, BigDecimal> r : requests.entrySet()) {
                BigDecimal l = limits.get(r.getKey());
                if (l == null || l.compareTo(r.getValue()) != 0) {
                    guaranteed = false;
                    break;
                }
            }
        }
        return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
    }

    /** Adds the non-zero cpu and memory amounts to the totals; returns how many of the two were set non-zero. */
    private static int sum(Map<String, Quantity> list, Map<String, BigDecimal> totals) {
        if (list == null) return 0;
        int found = 0;
        for (String name : QOS_RESOURCES) {
            Quantity q = list.get(name);
            if (q == null) continue;
            Optional<BigDecimal> v = QuantityValidation.value(QuantityValidation.text(q));
            if (v.isEmpty() || v.get().signum() <= 0) continue;
            totals.merge(name, v.get(), BigDecimal::add);
            found++;
        }
        return found;
    }
}
