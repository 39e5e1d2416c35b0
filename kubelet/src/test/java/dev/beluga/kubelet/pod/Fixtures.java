package dev.beluga.kubelet.pod;

import dev.beluga.kubelet.runtime.ContainerState;
import dev.beluga.kubelet.runtime.SandboxState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Pods and runtime observations for the pure-function tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    private Fixtures() {}

    static Container container(String name) {
        return new ContainerBuilder().withName(name).withImage("busybox:1.35").build();
    }

    static Container sidecar(String name) {
        return new ContainerBuilder().withName(name).withImage("busybox:1.35").withRestartPolicy("Always").build();
    }

    static PodBuilder pod(String restartPolicy, Container... containers) {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("uid-1").endMetadata()
                .withNewSpec().withNodeName("node-1").withRestartPolicy(restartPolicy).withContainers(containers).endSpec()
                .withNewStatus().withPhase("Pending").withQosClass("BestEffort").endStatus();
    }

    static Pod withInits(Pod pod, Container... inits) {
        return new PodBuilder(pod).editSpec().withInitContainers(inits).endSpec().build();
    }

    static ObservedSandbox sandbox(String id, int attempt, boolean ready, Instant created) {
        return new ObservedSandbox(id, attempt, ready ? SandboxState.READY : SandboxState.NOTREADY,
                Optional.of("10.244.1.5"), List.of(), created);
    }

    static ObservedSandbox readySandbox() {
        return sandbox("sb1", 0, true, T0);
    }

    /** A running instance of the container, created {@code createdSecondsAfterT0} after T0. */
    static ObservedContainer running(Container spec, int restartCount, long createdSecondsAfterT0) {
        Instant created = T0.plusSeconds(createdSecondsAfterT0);
        return new ObservedContainer(new ContainerId("sim", spec.getName() + "-" + restartCount), spec.getName(), "sb1", ContainerState.RUNNING,
                created, Optional.of(created), Optional.empty(), 0, "", "", "docker.io/library/busybox:1.35", "sha256:abc",
                ContainerHash.of(spec), restartCount);
    }

    /** An instance that ran from {@code createdSecondsAfterT0} and exited {@code ranSeconds} later. */
    static ObservedContainer exited(Container spec, int restartCount, long createdSecondsAfterT0, long ranSeconds, int exitCode) {
        Instant created = T0.plusSeconds(createdSecondsAfterT0);
        return new ObservedContainer(new ContainerId("sim", spec.getName() + "-" + restartCount), spec.getName(), "sb1", ContainerState.EXITED,
                created, Optional.of(created), Optional.of(created.plusSeconds(ranSeconds)), exitCode, exitCode == 0 ? "Completed" : "Error", "",
                "docker.io/library/busybox:1.35", "sha256:abc", ContainerHash.of(spec), restartCount);
    }

    static ObservedContainer inState(Container spec, ContainerState state) {
        return new ObservedContainer(new ContainerId("sim", spec.getName() + "-x"), spec.getName(), "sb1", state, T0, Optional.empty(),
                Optional.empty(), 0, "", "", "docker.io/library/busybox:1.35", "sha256:abc", ContainerHash.of(spec), 0);
    }

    static PodRuntimeState state(List<ObservedSandbox> sandboxes, ObservedContainer... containers) {
        return new PodRuntimeState(sandboxes, List.of(containers), RestartBackOff.upstream());
    }

    static PodRuntimeState running(ObservedContainer... containers) {
        return state(List.of(readySandbox()), containers);
    }

    static List<String> names(List<PodActions.Start> starts) {
        List<String> out = new ArrayList<>();
        for (PodActions.Start s : starts) out.add(s.name());
        return out;
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
