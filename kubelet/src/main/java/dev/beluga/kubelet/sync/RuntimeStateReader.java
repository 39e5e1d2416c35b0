package dev.beluga.kubelet.sync;

import dev.beluga.kubelet.pod.ContainerId;
import dev.beluga.kubelet.pod.ObservedContainer;
import dev.beluga.kubelet.pod.ObservedSandbox;
import dev.beluga.kubelet.pod.PodRuntimeState;
import dev.beluga.kubelet.pod.RestartBackOff;
import dev.beluga.kubelet.pod.RuntimeLabels;
import dev.beluga.kubelet.runtime.ContainerFilter;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import dev.beluga.kubelet.runtime.ContainerStatus;
import dev.beluga.kubelet.runtime.ContainerSummary;
import dev.beluga.kubelet.runtime.SandboxFilter;
import dev.beluga.kubelet.runtime.SandboxStatus;
import dev.beluga.kubelet.runtime.SandboxSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads one pod's sandboxes and containers from the runtime, found by the pod uid label (upstream's GetPodStatus). */
final class RuntimeStateReader {
    private final ContainerRuntime runtime;
    private final String runtimeName;

    RuntimeStateReader(ContainerRuntime runtime) {
        this.runtime = runtime;
        this.runtimeName = runtime.version().runtimeName();
    }

    PodRuntimeState read(String podUid, RestartBackOff backOff) {
        Map<String, String> selector = RuntimeLabels.ofPod(podUid);
        List<ObservedSandbox> sandboxes = new ArrayList<>();
        for (SandboxSummary s : runtime.listPodSandboxes(SandboxFilter.labelled(selector))) {
            Optional<SandboxStatus> st = runtime.podSandboxStatus(s.id());
            if (st.isEmpty()) continue; // removed meanwhile
            SandboxStatus v = st.get();
            sandboxes.add(new ObservedSandbox(v.id(), v.metadata().attempt(), v.state(), v.ip(), v.additionalIps(), v.createdAt()));
        }
        List<ObservedContainer> containers = new ArrayList<>();
        for (ContainerSummary c : runtime.listContainers(ContainerFilter.labelled(selector))) {
            Optional<ContainerStatus> st = runtime.containerStatus(c.id());
            if (st.isEmpty()) continue;
            containers.add(observed(st.get(), c.podSandboxId()));
        }
        return new PodRuntimeState(sandboxes, containers, backOff);
    }

    private ObservedContainer observed(ContainerStatus s, String sandboxId) {
        String name = s.labels().getOrDefault(RuntimeLabels.CONTAINER_NAME, s.metadata().name());
        int restartCount = parseInt(s.annotations().get(RuntimeLabels.CONTAINER_RESTART_COUNT), s.metadata().attempt());
        return new ObservedContainer(new ContainerId(runtimeName, s.id()), name, sandboxId, s.state(), s.createdAt(), s.startedAt(),
                s.finishedAt(), s.exitCode(), s.reason(), s.message(), s.image().image(), s.imageRef(),
                s.annotations().getOrDefault(RuntimeLabels.CONTAINER_HASH, ""), restartCount);
    }

    private static int parseInt(String s, int fallback) {
        if (s == null) return fallback;
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
