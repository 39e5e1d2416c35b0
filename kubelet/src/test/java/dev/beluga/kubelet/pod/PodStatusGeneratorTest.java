package dev.beluga.kubelet.pod;

import static dev.beluga.kubelet.pod.Fixtures.T0;
import static dev.beluga.kubelet.pod.Fixtures.container;
import static dev.beluga.kubelet.pod.Fixtures.exited;
import static dev.beluga.kubelet.pod.Fixtures.pod;
import static dev.beluga.kubelet.pod.Fixtures.running;
import static dev.beluga.kubelet.pod.Fixtures.sandbox;
import static dev.beluga.kubelet.pod.Fixtures.sidecar;
import static dev.beluga.kubelet.pod.Fixtures.state;
import static dev.beluga.kubelet.pod.Fixtures.withInits;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodStatusGeneratorTest {
    private final Container app = container("app");
    private final Container side = container("side");

    private static PodStatus generate(Pod pod, PodRuntimeState observed, Map<String, WaitingReason> waiting, boolean terminal, Instant now) {
        return PodStatusGenerator.generate(new StatusInputs(pod, observed, waiting, terminal, List.of("172.16.0.1"), pod.getStatus(), now));
    }

    private static PodStatus generate(Pod pod, PodRuntimeState observed, Instant now) {
        return generate(pod, observed, Map.of(), false, now);
    }

    private static PodCondition condition(PodStatus s, String type) {
        return s.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    private static ContainerStatus status(List<ContainerStatus> statuses, String name) {
        return statuses.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aPodNotStartedYetIsPendingWithContainersCreating() {
        Pod p = pod("Always", app, side).build();
        PodStatus s = generate(p, state(List.of()), T0);
        assertThat(s.getPhase()).isEqualTo("Pending");
        assertThat(s.getHostIP()).isEqualTo("172.16.0.1");
        assertThat(s.getHostIPs()).extracting(h -> h.getIp()).containsExactly("172.16.0.1");
        assertThat(s.getPodIP()).isNull();
        assertThat(s.getStartTime()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(s.getQosClass()).isEqualTo("BestEffort");
        assertThat(s.getContainerStatuses()).extracting(ContainerStatus::getName).containsExactly("app", "side");
        ContainerStatus c = status(s.getContainerStatuses(), "app");
        assertThat(c.getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
        assertThat(c.getImage()).isEqualTo("busybox:1.35");
        assertThat(c.getReady()).isFalse();
        assertThat(c.getStarted()).isFalse();
        assertThat(c.getRestartCount()).isZero();
        assertThat(s.getConditions()).extracting(PodCondition::getType)
                .containsExactly("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");
        assertThat(condition(s, "PodReadyToStartContainers").getStatus()).isEqualTo("False");
        assertThat(condition(s, "Initialized").getStatus()).isEqualTo("True");
        PodCondition ready = condition(s, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("ContainersNotReady");
        assertThat(ready.getMessage()).isEqualTo("containers with unready status: [app side]");
        assertThat(condition(s, "ContainersReady").getMessage()).isEqualTo("containers with unready status: [app side]");
        assertThat(condition(s, "PodScheduled").getStatus()).isEqualTo("True");
        assertThat(ready.getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(ready.getLastProbeTime()).isNull();
    }

    @Test
    void aRunningPodIsReadyWithItsIpAndContainerIds() {
        Pod p = pod("Always", app).build();
        PodStatus s = generate(p, Fixtures.running(running(app, 0, 2)), T0.plusSeconds(3));
        assertThat(s.getPhase()).isEqualTo("Running");
        assertThat(s.getPodIP()).isEqualTo("10.244.1.5");
        assertThat(s.getPodIPs()).extracting(PodIP::getIp).containsExactly("10.244.1.5");
        ContainerStatus c = status(s.getContainerStatuses(), "app");
        assertThat(c.getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T10:00:02Z");
        assertThat(c.getContainerID()).isEqualTo("sim://app-0");
        assertThat(c.getImage()).isEqualTo("docker.io/library/busybox:1.35");
        assertThat(c.getImageID()).isEqualTo("sha256:abc");
        assertThat(c.getReady()).isTrue();
        assertThat(c.getStarted()).isTrue();
        assertThat(s.getConditions()).allMatch(x -> x.getStatus().equals("True"));
    }

    @Test
    void aSecondStatusOfAnUnchangedPodEqualsTheFirst() {
        Pod p = pod("Always", app).build();
        PodStatus first = generate(p, Fixtures.running(running(app, 0, 2)), T0.plusSeconds(3));
        Pod written = new PodBuilder(p).withStatus(first).build();
        PodStatus second = generate(written, Fixtures.running(running(app, 0, 2)), T0.plusSeconds(300));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void transitionTimesMoveOnlyWithTheConditionsStatus() {
        Pod p = pod("Always", app).build();
        PodStatus pending = generate(p, state(List.of()), T0);
        PodStatus runningStatus = generate(new PodBuilder(p).withStatus(pending).build(), Fixtures.running(running(app, 0, 2)), T0.plusSeconds(3));
        assertThat(condition(runningStatus, "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T10:00:03Z");
        assertThat(condition(runningStatus, "Initialized").getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(condition(runningStatus, "PodScheduled").getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(runningStatus.getStartTime()).isEqualTo("2025-01-01T10:00:00Z");
    }

    @Test
    void aFailedContainerUnderNeverFailsThePod() {
        Pod p = pod("Never", app).build();
        PodStatus s = generate(p, state(List.of(sandbox("sb1", 0, false, T0)), exited(app, 0, 1, 5, 3)), T0.plusSeconds(7));
        assertThat(s.getPhase()).isEqualTo("Failed");
        var t = status(s.getContainerStatuses(), "app").getState().getTerminated();
        assertThat(t.getExitCode()).isEqualTo(3);
        assertThat(t.getReason()).isEqualTo("Error");
        assertThat(t.getStartedAt()).isEqualTo("2025-01-01T10:00:01Z");
        assertThat(t.getFinishedAt()).isEqualTo("2025-01-01T10:00:06Z");
        assertThat(t.getContainerID()).isEqualTo("sim://app-0");
        assertThat(condition(s, "ContainersReady").getReason()).isEqualTo("PodFailed");
        assertThat(condition(s, "Ready").getReason()).isEqualTo("PodFailed");
        assertThat(condition(s, "PodReadyToStartContainers").getStatus()).isEqualTo("False");
    }

    @Test
    void aSucceededPodIsCompleted() {
        Pod p = pod("OnFailure", app).build();
        PodStatus s = generate(p, state(List.of(sandbox("sb1", 0, false, T0)), exited(app, 0, 1, 5, 0)), T0.plusSeconds(7));
        assertThat(s.getPhase()).isEqualTo("Succeeded");
        assertThat(status(s.getContainerStatuses(), "app").getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(condition(s, "Initialized").getReason()).isEqualTo("PodCompleted");
        assertThat(condition(s, "ContainersReady").getReason()).isEqualTo("PodCompleted");
        assertThat(s.getPodIP()).isNull();
    }

    @Test
    void aFinishedPodKeepsTheIpItHad() {
        Pod p = pod("Never", app).build();
        PodStatus runningStatus = generate(p, Fixtures.running(running(app, 0, 1)), T0.plusSeconds(2));
        PodStatus done = generate(new PodBuilder(p).withStatus(runningStatus).build(),
                state(List.of(sandbox("sb1", 0, false, T0)), exited(app, 0, 1, 5, 0)), T0.plusSeconds(7));
        assertThat(done.getPhase()).isEqualTo("Succeeded");
        assertThat(done.getPodIP()).isEqualTo("10.244.1.5");
    }

    @Test
    void exitedContainersUnderAlwaysKeepThePodRunning() {
        PodStatus s = generate(pod("Always", app).build(), Fixtures.running(exited(app, 0, 1, 5, 1)), T0.plusSeconds(7));
        assertThat(s.getPhase()).isEqualTo("Running");
    }

    @Test
    void aTerminalPodIsSucceededOrFailedWhateverThePolicy() {
        Pod p = pod("Always", app, side).build();
        PodRuntimeState stopped = state(List.of(sandbox("sb1", 0, false, T0)), exited(app, 0, 1, 5, 0), exited(side, 0, 1, 5, 0));
        assertThat(generate(p, stopped, Map.of(), true, T0.plusSeconds(7)).getPhase()).isEqualTo("Succeeded");
        PodRuntimeState oneFailed = state(List.of(sandbox("sb1", 0, false, T0)), exited(app, 0, 1, 5, 0), exited(side, 0, 1, 5, 143));
        assertThat(generate(p, oneFailed, Map.of(), true, T0.plusSeconds(7)).getPhase()).isEqualTo("Failed");
    }

    @Test
    void crashLoopBackOffShowsAsWaitingWithTheLastTermination() {
        Pod p = pod("Always", app).build();
        PodRuntimeState s = Fixtures.running(exited(app, 1, 7, 2, 1), exited(app, 0, 1, 5, 1));
        String message = "back-off 10s restarting failed container=app pod=web_ns(uid-1)";
        PodStatus st = generate(p, s, Map.of("app", new WaitingReason("CrashLoopBackOff", message)), false, T0.plusSeconds(12));
        ContainerStatus c = status(st.getContainerStatuses(), "app");
        assertThat(c.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(c.getState().getWaiting().getMessage()).isEqualTo(message);
        assertThat(c.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(c.getLastState().getTerminated().getFinishedAt()).isEqualTo("2025-01-01T10:00:09Z");
        assertThat(c.getRestartCount()).isEqualTo(1);
        assertThat(c.getReady()).isFalse();
        assertThat(st.getPhase()).isEqualTo("Running");
    }

    @Test
    void aRestartedContainerShowsItsPreviousRunAsLastState() {
        PodStatus s = generate(pod("Always", app).build(), Fixtures.running(running(app, 1, 8), exited(app, 0, 1, 5, 2)), T0.plusSeconds(9));
        ContainerStatus c = status(s.getContainerStatuses(), "app");
        assertThat(c.getState().getRunning()).isNotNull();
        assertThat(c.getLastState().getTerminated().getExitCode()).isEqualTo(2);
        assertThat(c.getRestartCount()).isEqualTo(1);
    }

    @Test
    void waitingReasonsOnlyShowForContainersThatShouldRun() {
        Pod p = pod("Never", app).build();
        PodStatus s = generate(p, Fixtures.running(exited(app, 0, 1, 5, 1)), Map.of("app", new WaitingReason("CrashLoopBackOff", "x")), false, T0.plusSeconds(9));
        assertThat(status(s.getContainerStatuses(), "app").getState().getTerminated()).isNotNull();
    }

    @Test
    void initContainersInProgressKeepThePodInitializing() {
        Container init = container("init");
        Pod p = withInits(pod("Always", app).build(), init);
        PodStatus s = generate(p, Fixtures.running(running(init, 0, 1)), T0.plusSeconds(2));
        assertThat(s.getPhase()).isEqualTo("Pending");
        assertThat(status(s.getContainerStatuses(), "app").getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        ContainerStatus i = s.getInitContainerStatuses().getFirst();
        assertThat(i.getState().getRunning()).isNotNull();
        assertThat(i.getReady()).isFalse();
        PodCondition initialized = condition(s, "Initialized");
        assertThat(initialized.getStatus()).isEqualTo("False");
        assertThat(initialized.getReason()).isEqualTo("ContainersNotInitialized");
        assertThat(initialized.getMessage()).isEqualTo("containers with incomplete status: [init]");

        PodStatus done = generate(p, Fixtures.running(exited(init, 0, 1, 1, 0), running(app, 0, 3)), T0.plusSeconds(4));
        assertThat(done.getPhase()).isEqualTo("Running");
        assertThat(done.getInitContainerStatuses().getFirst().getReady()).isTrue();
        assertThat(condition(done, "Initialized").getStatus()).isEqualTo("True");
    }

    @Test
    void aFailedInitContainerUnderNeverFailsThePod() {
        Container init = container("init");
        Pod p = withInits(pod("Never", app).build(), init);
        PodStatus s = generate(p, Fixtures.running(exited(init, 0, 1, 1, 1)), T0.plusSeconds(3));
        assertThat(s.getPhase()).isEqualTo("Failed");
    }

    @Test
    void initContainerStatusesKeepSpecOrderAndAppStatusesSortByName() {
        Pod p = withInits(pod("Always", container("zeta"), container("alpha")).build(), container("second"), container("first"));
        PodStatus s = generate(p, state(List.of()), T0);
        assertThat(s.getInitContainerStatuses()).extracting(ContainerStatus::getName).containsExactly("second", "first");
        assertThat(s.getContainerStatuses()).extracting(ContainerStatus::getName).containsExactly("alpha", "zeta");
    }

    @Test
    void aRunningSidecarCountsForReadinessAndInitialization() {
        Container proxy = sidecar("proxy");
        Pod p = withInits(pod("Always", app).build(), proxy);
        PodStatus s = generate(p, Fixtures.running(running(proxy, 0, 1), running(app, 0, 2)), T0.plusSeconds(3));
        assertThat(s.getPhase()).isEqualTo("Running");
        assertThat(s.getInitContainerStatuses().getFirst().getReady()).isTrue();
        assertThat(s.getInitContainerStatuses().getFirst().getStarted()).isTrue();
        assertThat(condition(s, "Initialized").getStatus()).isEqualTo("True");
        assertThat(condition(s, "ContainersReady").getStatus()).isEqualTo("True");

        PodStatus sidecarDown = generate(p, Fixtures.running(exited(proxy, 0, 1, 1, 1), running(app, 0, 2)), T0.plusSeconds(3));
        assertThat(condition(sidecarDown, "ContainersReady").getMessage()).isEqualTo("containers with unready status: [proxy]");
        assertThat(sidecarDown.getPhase()).isEqualTo("Running");
    }

    @Test
    void readinessGatesHoldReadyBack() {
        Pod p = new PodBuilder(pod("Always", app).build()).editSpec().addNewReadinessGate("example.com/lb").endSpec().build();
        PodStatus s = generate(p, Fixtures.running(running(app, 0, 1)), T0.plusSeconds(2));
        PodCondition ready = condition(s, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("ReadinessGatesNotReady");
        assertThat(ready.getMessage()).isEqualTo("corresponding condition of pod readiness gate \"example.com/lb\" does not exist.");

        Pod gated = new PodBuilder(p).editStatus().addToConditions(new PodConditionBuilder().withType("example.com/lb").withStatus("True").build()).endStatus().build();
        PodStatus open = generate(gated, Fixtures.running(running(app, 0, 1)), T0.plusSeconds(2));
        assertThat(condition(open, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(open, "example.com/lb").getStatus()).isEqualTo("True");
    }

    @Test
    void conditionsOfOthersAreKept() {
        Pod p = new PodBuilder(pod("Always", app).build()).editStatus()
                .addToConditions(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True").withReason("EvictionByEvictionAPI").build())
                .endStatus().build();
        PodStatus s = generate(p, Fixtures.running(running(app, 0, 1)), T0.plusSeconds(2));
        assertThat(s.getConditions()).extracting(PodCondition::getType).first().isEqualTo("DisruptionTarget");
    }

    @Test
    void aTerminalPhaseNeverChanges() {
        Pod p = new PodBuilder(pod("Always", app).build()).withStatus(new PodStatusBuilder().withPhase("Failed").build()).build();
        PodStatus s = generate(p, Fixtures.running(running(app, 0, 1)), T0.plusSeconds(2));
        assertThat(s.getPhase()).isEqualTo("Failed");
    }

    @Test
    void aContainerThatVanishedWhileRunningIsReportedTerminated() {
        Pod p = pod("Always", app).build();
        PodStatus runningStatus = generate(p, Fixtures.running(running(app, 0, 1)), T0.plusSeconds(2));
        PodStatus vanished = generate(new PodBuilder(p).withStatus(runningStatus).build(), Fixtures.running(), T0.plusSeconds(10));
        ContainerStatus c = status(vanished.getContainerStatuses(), "app");
        assertThat(c.getLastState().getTerminated().getReason()).isEqualTo("ContainerStatusUnknown");
        assertThat(c.getLastState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(c.getRestartCount()).isEqualTo(1);
        assertThat(vanished.getPhase()).isEqualTo("Running");
    }

    @Test
    void hostNetworkPodsGetTheNodeIp() {
        Pod p = new PodBuilder(pod("Always", app).build()).editSpec().withHostNetwork(true).endSpec().build();
        PodStatus s = generate(p, state(List.of()), T0);
        assertThat(s.getPodIP()).isEqualTo("172.16.0.1");
    }
}
