package dev.beluga.sim;

import dev.beluga.kubelet.network.Ipv4Cidr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.kubelet.pod.ContainerKind;
import dev.beluga.kubelet.pod.PodRuntimeSettings;
import dev.beluga.kubelet.pod.RuntimeConfigs;
import dev.beluga.kubelet.probe.ProbeOutcome;
import dev.beluga.kubelet.probe.ProbeRunner;
import dev.beluga.kubelet.runtime.ContainerRuntimeException;
import dev.beluga.kubelet.runtime.ExecResult;
import dev.beluga.kubelet.runtime.SandboxConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Exec probes through the simulated runtime's ExecSync. */
class SimExecProbeTest {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final SimulatedRuntime runtime = new SimulatedRuntime(Ipv4Cidr.parse("10.244.4.0/24"), Duration.ZERO, timers, Clock.systemUTC());
    private final Container app = new ContainerBuilder().withName("app").withImage("busybox:1.35").build();

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    private String running() {
        Pod p = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u1").endMetadata()
                .withNewSpec().withNodeName("n").withContainers(app).endSpec().build();
        SandboxConfig cfg = RuntimeConfigs.sandbox(p, 0, PodRuntimeSettings.defaults());
        String sb = runtime.runPodSandbox(cfg);
        String id = runtime.createContainer(sb, RuntimeConfigs.container(p, app, ContainerKind.REGULAR, 0, List.of(), List.of()), cfg);
        runtime.startContainer(id);
        return id;
    }

    private static Probe exec(String... command) {
        return new ProbeBuilder().withNewExec().withCommand(command).endExec().withTimeoutSeconds(1).build();
    }

    @Test
    void commandsSucceedExceptFalse() {
        String id = running();
        ExecResult ok = runtime.execSync(id, List.of("cat", "/tmp/healthy"), Duration.ofSeconds(1));
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.timedOut()).isFalse();
        assertThat(runtime.execSync(id, List.of("false"), Duration.ofSeconds(1)).exitCode()).isEqualTo(1);
    }

    @Test
    void anExecProbePassesOnExitZeroAndFailsOtherwise() {
        String id = running();
        ProbeRunner runner = new ProbeRunner(runtime);
        assertThat(runner.run(exec("true"), app, id, List.of())).isEqualTo(new ProbeOutcome.Success(""));
        assertThat(runner.run(exec("false"), app, id, List.of())).isEqualTo(new ProbeOutcome.Failure(""));
    }

    @Test
    void aStoppedContainerCannotBeProbed() {
        String id = running();
        runtime.stopContainer(id, Duration.ofSeconds(2));
        assertThatThrownBy(() -> runtime.execSync(id, List.of("true"), Duration.ofSeconds(1))).isInstanceOf(ContainerRuntimeException.class);
        assertThat(new ProbeRunner(runtime).run(exec("true"), app, id, List.of())).isInstanceOf(ProbeOutcome.Error.class);
    }
}
