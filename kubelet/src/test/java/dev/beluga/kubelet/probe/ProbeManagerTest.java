package dev.beluga.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.events.EventRecorder;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import dev.beluga.kubelet.runtime.ExecResult;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The manager's workers: started from the pod's status, publishing results, stopped with the pod. */
class ProbeManagerTest {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final List<String> synced = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<List<String>> execs = new CopyOnWriteArrayList<>();
    private final ContainerRuntime runtime = (ContainerRuntime) Proxy.newProxyInstance(ContainerRuntime.class.getClassLoader(),
            new Class<?>[] {ContainerRuntime.class}, (proxy, m, args) -> {
                if (!m.getName().equals("execSync")) throw new UnsupportedOperationException(m.getName());
                @SuppressWarnings("unchecked") List<String> cmd = (List<String>) args[1];
                execs.add(cmd);
                return new ExecResult(cmd.equals(List.of("false")) ? 1 : 0, new byte[0], new byte[0], false);
            });
    private final EventRecorder recorder = new EventRecorder() {
        @Override public void normal(HasMetadata involved, String reason, String message) { events.add(reason + ": " + message); }
        @Override public void warning(HasMetadata involved, String reason, String message) { events.add(reason + ": " + message); }
    };
    private final ProbeManager manager = new ProbeManager(runtime, recorder, timers, Clock.systemUTC(), synced::add);

    @AfterEach
    void stop() {
        manager.close();
        timers.shutdownNow();
    }

    private static Probe exec(String command) {
        return new ProbeBuilder().withNewExec().withCommand(command).endExec().withPeriodSeconds(1).withFailureThreshold(1).build();
    }

    private static Pod pod(Probe readiness, Probe liveness) {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("u1").endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("app").withReadinessProbe(readiness).withLivenessProbe(liveness).build())
                .endSpec().build();
    }

    private static PodStatus running(String phase) {
        return new PodStatusBuilder().withPhase(phase).withPodIP("10.0.0.5").withContainerStatuses(new ContainerStatusBuilder().withName("app")
                .withContainerID("sim://c1").withStarted(true).withNewState().withNewRunning().withStartedAt("2025-01-01T10:00:00Z").endRunning()
                .endState().build()).build();
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void verdictsArePublishedAndAskForASync() throws InterruptedException {
        manager.update(pod(exec("true"), exec("false")), running("Running"));
        assertThat(manager.workerCount()).isEqualTo(2);
        await("ready", () -> manager.snapshot("u1").is(ProbeType.READINESS, "sim://c1", ProbeResult.SUCCESS));
        await("liveness failed", () -> manager.snapshot("u1").is(ProbeType.LIVENESS, "sim://c1", ProbeResult.FAILURE));
        // A worker publishes its verdict, then asks for the sync, on its own (virtual) thread: the verdict can be seen first.
        await("a sync asked for", () -> synced.contains("u1"));
        assertThat(events).contains("Unhealthy: Liveness probe failed: ");
        assertThat(execs).contains(List.of("true"), List.of("false"));
    }

    @Test
    void aTerminatingPodKeepsOnlyItsReadinessProbe() {
        manager.update(pod(exec("true"), exec("true")), running("Running"));
        manager.stopLivenessAndStartup("u1");
        assertThat(manager.workerCount()).isEqualTo(1);
        manager.remove("u1");
        assertThat(manager.workerCount()).isZero();
        assertThat(manager.snapshot("u1")).isEqualTo(ProbeSnapshot.none());
    }

    @Test
    void workersOfAFinishedPodStopThemselves() throws InterruptedException {
        manager.update(pod(exec("true"), exec("true")), running("Succeeded"));
        await("workers stopped", () -> manager.workerCount() == 0);
        // And they are not started again by later statuses.
        manager.update(pod(exec("true"), exec("true")), running("Succeeded"));
        assertThat(manager.workerCount()).isZero();
    }

    @Test
    void aGrpcProbeIsReportedAsUnsupportedOnce() throws InterruptedException {
        Probe grpc = new ProbeBuilder().withNewGrpc().withPort(9090).endGrpc().withPeriodSeconds(1).build();
        manager.update(pod(grpc, null), running("Running"));
        await("the event", () -> !events.isEmpty());
        assertThat(events.getFirst()).isEqualTo("Unhealthy: Readiness probe errored: gRPC probes are not supported by this kubelet");
        assertThat(manager.snapshot("u1").is(ProbeType.READINESS, "sim://c1", ProbeResult.SUCCESS)).isFalse();
    }
}
