package dev.beluga.sim;

import dev.beluga.kubelet.network.Ipv4Cidr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.kubelet.pod.ContainerKind;
import dev.beluga.kubelet.pod.PodRuntimeSettings;
import dev.beluga.kubelet.pod.RuntimeConfigs;
import dev.beluga.kubelet.pod.RuntimeLabels;
import dev.beluga.kubelet.runtime.ContainerEvent;
import dev.beluga.kubelet.runtime.ContainerFilter;
import dev.beluga.kubelet.runtime.ContainerRuntimeException;
import dev.beluga.kubelet.runtime.ContainerState;
import dev.beluga.kubelet.runtime.ContainerStatus;
import dev.beluga.kubelet.runtime.ImageSpec;
import dev.beluga.kubelet.runtime.SandboxConfig;
import dev.beluga.kubelet.runtime.SandboxFilter;
import dev.beluga.kubelet.runtime.SandboxState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedRuntimeTest {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final SimulatedRuntime runtime = new SimulatedRuntime(Ipv4Cidr.parse("10.244.3.0/24"), Duration.ZERO, timers, Clock.systemUTC());
    private final Container app = new ContainerBuilder().withName("app").withImage("busybox:1.35").build();

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    private static Pod pod(Map<String, String> annotations, Container... containers) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u1").withAnnotations(annotations).endMetadata()
                .withNewSpec().withNodeName("n").withContainers(containers).endSpec().build();
    }

    private String run(Pod pod, SandboxConfig sandbox, String sandboxId, Container c, ContainerKind kind) {
        String id = runtime.createContainer(sandboxId, RuntimeConfigs.container(pod, c, kind, 0, List.of(), List.of()), sandbox);
        runtime.startContainer(id);
        return id;
    }

    @Test
    void sandboxesGetIpsFromTheCidrAndGiveThemBackWhenStopped() {
        Pod p = pod(Map.of(), app);
        SandboxConfig cfg = RuntimeConfigs.sandbox(p, 0, PodRuntimeSettings.defaults());
        String sb = runtime.runPodSandbox(cfg);
        var status = runtime.podSandboxStatus(sb).orElseThrow();
        assertThat(status.state()).isEqualTo(SandboxState.READY);
        assertThat(status.ip()).contains("10.244.3.2");
        assertThat(status.metadata().uid()).isEqualTo("u1");
        assertThat(runtime.listPodSandboxes(SandboxFilter.labelled(RuntimeLabels.ofPod("u1")))).hasSize(1);
        assertThat(runtime.listPodSandboxes(SandboxFilter.labelled(RuntimeLabels.ofPod("other")))).isEmpty();
        assertThat(runtime.podIpsInUse()).isEqualTo(1);

        String c = run(p, cfg, sb, app, ContainerKind.REGULAR);
        runtime.stopPodSandbox(sb);
        assertThat(runtime.podSandboxStatus(sb).orElseThrow().state()).isEqualTo(SandboxState.NOTREADY);
        assertThat(runtime.podIpsInUse()).isZero();
        ContainerStatus killed = runtime.containerStatus(c).orElseThrow();
        assertThat(killed.state()).isEqualTo(ContainerState.EXITED);
        assertThat(killed.exitCode()).isEqualTo(137);
        assertThatThrownBy(() -> runtime.createContainer(sb, RuntimeConfigs.container(p, app, ContainerKind.REGULAR, 1, List.of(), List.of()), cfg))
                .isInstanceOf(ContainerRuntimeException.class).hasMessageContaining("not ready");

        runtime.removePodSandbox(sb);
        assertThat(runtime.podSandboxStatus(sb)).isEmpty();
        assertThat(runtime.containerStatus(c)).isEmpty();
    }

    @Test
    void containersRunUntilStoppedAndReportTheirLifecycle() throws InterruptedException {
        BlockingQueue<ContainerEvent> events = new LinkedBlockingQueue<>();
        runtime.containerEvents(events::add).orElseThrow();
        Pod p = pod(Map.of(), app);
        SandboxConfig cfg = RuntimeConfigs.sandbox(p, 0, PodRuntimeSettings.defaults());
        String sb = runtime.runPodSandbox(cfg);
        String c = runtime.createContainer(sb, RuntimeConfigs.container(p, app, ContainerKind.REGULAR, 0, List.of(), List.of()), cfg);
        assertThat(runtime.containerStatus(c).orElseThrow().state()).isEqualTo(ContainerState.CREATED);
        runtime.startContainer(c);
        ContainerStatus s = runtime.containerStatus(c).orElseThrow();
        assertThat(s.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(s.startedAt()).isPresent();
        assertThat(s.image().image()).isEqualTo("docker.io/library/busybox:1.35");
        assertThat(s.imageRef()).startsWith("docker.io/library/busybox@sha256:");
        assertThat(s.labels()).containsEntry(RuntimeLabels.CONTAINER_NAME, "app");
        assertThat(s.annotations()).containsEntry(RuntimeLabels.CONTAINER_RESTART_COUNT, "0");
        assertThat(runtime.listContainers(ContainerFilter.labelled(RuntimeLabels.ofPod("u1")))).hasSize(1);
        assertThatThrownBy(() -> runtime.startContainer(c)).isInstanceOf(ContainerRuntimeException.class);

        runtime.stopContainer(c, Duration.ofSeconds(30));
        ContainerStatus stopped = runtime.containerStatus(c).orElseThrow();
        assertThat(stopped.state()).isEqualTo(ContainerState.EXITED);
        assertThat(stopped.exitCode()).isZero();
        assertThat(stopped.reason()).isEqualTo("Completed");
        assertThat(stopped.finishedAt()).isPresent();
        runtime.removeContainer(c);
        assertThat(runtime.containerStatus(c)).isEmpty();

        assertThat(List.of(events.take().type(), events.take().type(), events.take().type(), events.take().type()))
                .containsExactly(ContainerEvent.Type.CREATED, ContainerEvent.Type.STARTED, ContainerEvent.Type.STOPPED, ContainerEvent.Type.DELETED);
    }

    @Test
    void containersExitAsTheirPodAsks() throws InterruptedException {
        BlockingQueue<ContainerEvent> events = new LinkedBlockingQueue<>();
        runtime.containerEvents(e -> {
            if (e.type() == ContainerEvent.Type.STOPPED) events.add(e);
        });
        Pod p = pod(Map.of(SimExit.EXIT_CODE, "3", SimExit.EXIT_AFTER, "200ms"), app);
        SandboxConfig cfg = RuntimeConfigs.sandbox(p, 0, PodRuntimeSettings.defaults());
        String sb = runtime.runPodSandbox(cfg);
        String c = run(p, cfg, sb, app, ContainerKind.REGULAR);
        ContainerEvent stopped = events.poll(30, TimeUnit.SECONDS);
        assertThat(stopped).isNotNull();
        assertThat(stopped.containerId()).isEqualTo(c);
        assertThat(stopped.podSandboxLabels()).containsEntry(RuntimeLabels.POD_UID, "u1");
        ContainerStatus s = runtime.containerStatus(c).orElseThrow();
        assertThat(s.exitCode()).isEqualTo(3);
        assertThat(s.reason()).isEqualTo("Error");
        assertThat(Duration.between(s.startedAt().orElseThrow(), s.finishedAt().orElseThrow())).isGreaterThanOrEqualTo(Duration.ofMillis(199));

        Container init = new ContainerBuilder().withName("init").withImage("busybox:1.35").build();
        String i = run(p, cfg, sb, init, ContainerKind.INIT);
        ContainerStatus done = runtime.containerStatus(i).orElseThrow();
        assertThat(done.state()).isEqualTo(ContainerState.EXITED);
        assertThat(done.exitCode()).isZero();
    }

    @Test
    void badExitAnnotationsFailContainerCreation() {
        Pod p = pod(Map.of(SimExit.EXIT_CODE, "boom"), app);
        SandboxConfig cfg = RuntimeConfigs.sandbox(p, 0, PodRuntimeSettings.defaults());
        String sb = runtime.runPodSandbox(cfg);
        assertThatThrownBy(() -> runtime.createContainer(sb, RuntimeConfigs.container(p, app, ContainerKind.REGULAR, 0, List.of(), List.of()), cfg))
                .isInstanceOf(ContainerRuntimeException.class).hasMessageContaining(SimExit.EXIT_CODE);
    }

    @Test
    void hostNetworkSandboxesTakeNoPodIp() {
        Pod p = new PodBuilder(pod(Map.of(), app)).editSpec().withHostNetwork(true).endSpec().build();
        String sb = runtime.runPodSandbox(RuntimeConfigs.sandbox(p, 0, PodRuntimeSettings.defaults()));
        assertThat(runtime.podSandboxStatus(sb).orElseThrow().ip()).isEmpty();
        assertThat(runtime.podIpsInUse()).isZero();
    }

    @Test
    void everyImageIsPresent() {
        assertThat(runtime.imageStatus(ImageSpec.of("nginx"))).hasValueSatisfying(i -> assertThat(i.repoTags()).containsExactly("docker.io/library/nginx:latest"));
        assertThat(runtime.pullImage(ImageSpec.of("nginx"), null)).startsWith("sha256:");
        assertThat(runtime.listImages()).hasSize(1);
        assertThat(runtime.version().nodeInfoForm()).isEqualTo("sim://0.1.0");
    }
}
