package dev.beluga.kubelet.sync;

import dev.beluga.kubelet.pod.RuntimeLabels;
import dev.beluga.kubelet.runtime.ContainerFilter;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import dev.beluga.kubelet.runtime.ContainerSummary;
import dev.beluga.kubelet.runtime.SandboxFilter;
import dev.beluga.kubelet.runtime.SandboxSummary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Upstream's generic PLEG, for runtimes that cannot stream container events: each relist compares
 * the state of every sandbox and container with the previous relist, and asks for a sync of each
 * pod in which something appeared, changed state or vanished.
 */
public final class RuntimeRelister {
    private final ContainerRuntime runtime;
    private final Consumer<String> syncPod;
    private Map<String, String> last = new HashMap<>();
    private Map<String, String> lastPodOf = new HashMap<>();

    /** @param syncPod called with the uid of each pod that changed */
    public RuntimeRelister(ContainerRuntime runtime, Consumer<String> syncPod) {
        this.runtime = runtime;
        this.syncPod = syncPod;
    }

    /** One relist; not thread-safe (the kubelet runs one at a time). */
    public void relist() {
        Map<String, String> now = new HashMap<>();
        Map<String, String> podOf = new HashMap<>();
        for (SandboxSummary s : runtime.listPodSandboxes(SandboxFilter.all())) {
            now.put("s/" + s.id(), s.state().name());
            podOf.put("s/" + s.id(), RuntimeLabels.podUid(s.labels()));
        }
        for (ContainerSummary c : runtime.listContainers(ContainerFilter.all())) {
            now.put("c/" + c.id(), c.state().name());
            podOf.put("c/" + c.id(), RuntimeLabels.podUid(c.labels()));
        }
        Set<String> changed = new HashSet<>();
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (!e.getValue().equals(last.get(e.getKey()))) changed.add(podOf.get(e.getKey()));
        }
        for (String gone : last.keySet()) {
            if (!now.containsKey(gone)) changed.add(lastPodOf.getOrDefault(gone, ""));
        }
        last = now;
        lastPodOf = podOf;
        for (String uid : changed) if (!uid.isEmpty()) syncPod.accept(uid);
    }
}
