package dev.beluga.kubelet.pod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What of a live pod's runtime leftovers can go (upstream's container GC with one dead instance
 * kept per container): exited instances older than the two newest of each container (the newest
 * gives the status, the one before it lastState and `kubectl logs --previous`), and stopped
 * sandboxes, other than the newest, that hold none of the kept instances.
 */
public record RuntimeGarbage(List<String> containerIds, List<String> sandboxIds) {
    public RuntimeGarbage {
        containerIds = List.copyOf(containerIds);
        sandboxIds = List.copyOf(sandboxIds);
    }

    public boolean isEmpty() {
        return containerIds.isEmpty() && sandboxIds.isEmpty();
    }

    public static RuntimeGarbage of(PodRuntimeState observed) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> containers = new ArrayList<>();
        Set<String> sandboxesInUse = new HashSet<>();
        for (ObservedContainer c : observed.containers()) {
            int n = seen.merge(c.name(), 1, Integer::sum);
            if (n > 2 && c.exited()) containers.add(c.id().id());
            else sandboxesInUse.add(c.sandboxId());
        }
        List<String> sandboxes = new ArrayList<>();
        for (int i = 1; i < observed.sandboxes().size(); i++) {
            ObservedSandbox s = observed.sandboxes().get(i);
            if (!s.ready() && !sandboxesInUse.contains(s.id())) sandboxes.add(s.id());
        }
        return new RuntimeGarbage(containers, sandboxes);
    }
}
