package dev.beluga.kubelet.pod;

import static dev.beluga.kubelet.pod.Fixtures.T0;
import static dev.beluga.kubelet.pod.Fixtures.names;
import static dev.beluga.kubelet.pod.Fixtures.pod;
import static dev.beluga.kubelet.pod.Fixtures.running;
import static dev.beluga.kubelet.pod.Fixtures.withInits;
import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.kubelet.probe.ProbeResult;
import dev.beluga.kubelet.probe.ProbeSnapshot;
import dev.beluga.kubelet.probe.ProbeType;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How probe results drive the pure pod actions (restarts) and the pod status (started, ready, conditions). */
class ProbeResultsInPodTest {
    private final Container probed = new ContainerBuilder().withName("app").withImage("busybox:1.35")
            .withNewLivenessProbe().withNewExec().withCommand("true").endExec().endLivenessProbe()
            .withNewReadinessProbe().withNewExec().withCommand("true").endExec().endReadinessProbe()
            .withNewStartupProbe().withNewExec().withCommand("true").endExec().endStartupProbe().build();
    private final Container plain = new ContainerBuilder().withName("plain").withImage("busybox:1.35").build();

    private static ProbeSnapshot results(ProbeType type, String id, ProbeResult r, Object... more) {
        java.util.EnumMap<ProbeType, Map<String, ProbeResult>> m = new java.util.EnumMap<>(ProbeType.class);
        m.computeIfAbsent(type, t -> new java.util.HashMap<>()).put(id, r);
        for (int i = 0; i < more.length; i += 3) {
            m.computeIfAbsent((ProbeType) more[i], t -> new java.util.HashMap<>()).put((String) more[i + 1], (ProbeResult) more[i + 2]);
        }
        return new ProbeSnapshot(m);
    }

    @Test
    void aFailedLivenessProbeKillsAndRestartsTheContainer() {
        ObservedContainer app = running(probed, 0, 1);
        PodActions a = PodActions.compute(pod("Always", probed).build(), Fixtures.running(app),
                results(ProbeType.LIVENESS, app.id().toString(), ProbeResult.FAILURE), T0.plusSeconds(30));
        assertThat(a.containersToKill()).singleElement().satisfies(k -> {
            assertThat(k.message()).isEqualTo("Container app failed liveness probe, will be restarted");
            assertThat(k.reason()).isEqualTo(PodActions.KillReason.LIVENESS_PROBE);
        });
        assertThat(names(a.containersToStart())).containsExactly("app");
        assertThat(a.containersToStart().getFirst().restartCount()).isEqualTo(1);
    }

    @Test
    void withRestartPolicyNeverAFailedProbeOnlyKills() {
        ObservedContainer app = running(probed, 0, 1);
        PodActions a = PodActions.compute(pod("Never", probed).build(), Fixtures.running(app),
                results(ProbeType.STARTUP, app.id().toString(), ProbeResult.FAILURE), T0.plusSeconds(30));
        assertThat(a.containersToKill()).singleElement().satisfies(k -> {
            assertThat(k.message()).isEqualTo("Container app failed startup probe");
            assertThat(k.reason()).isEqualTo(PodActions.KillReason.STARTUP_PROBE);
        });
        assertThat(a.containersToStart()).isEmpty();
        assertThat(a.killPod()).isTrue();
    }

    @Test
    void passingOrUnknownProbesKeepTheContainer() {
        ObservedContainer app = running(probed, 0, 1);
        assertThat(PodActions.compute(pod("Always", probed).build(), Fixtures.running(app), ProbeSnapshot.none(), T0.plusSeconds(30)).nothingToDo()).isTrue();
        assertThat(PodActions.compute(pod("Always", probed).build(), Fixtures.running(app),
                results(ProbeType.LIVENESS, app.id().toString(), ProbeResult.SUCCESS, ProbeType.STARTUP, app.id().toString(), ProbeResult.UNKNOWN),
                T0.plusSeconds(30)).nothingToDo()).isTrue();
    }

    @Test
    void aSidecarWithAStartupProbeHoldsTheNextContainersBackUntilItPasses() {
        Container side = new ContainerBuilder().withName("proxy").withImage("busybox:1.35").withRestartPolicy("Always")
                .withNewStartupProbe().withNewExec().withCommand("true").endExec().endStartupProbe().build();
        Pod p = withInits(pod("Always", plain).build(), side);
        ObservedContainer proxy = running(side, 0, 1);
        PodActions waiting = PodActions.compute(p, Fixtures.running(proxy), ProbeSnapshot.none(), T0.plusSeconds(3));
        assertThat(waiting.containersToStart()).isEmpty();
        PodActions started = PodActions.compute(p, Fixtures.running(proxy), results(ProbeType.STARTUP, proxy.id().toString(), ProbeResult.SUCCESS), T0.plusSeconds(3));
        assertThat(names(started.containersToStart())).containsExactly("plain");
        PodActions failed = PodActions.compute(p, Fixtures.running(proxy), results(ProbeType.STARTUP, proxy.id().toString(), ProbeResult.FAILURE), T0.plusSeconds(3));
        assertThat(failed.containersToKill()).singleElement().satisfies(k -> assertThat(k.message()).isEqualTo("Init container proxy failed startup probe"));
        assertThat(names(failed.initContainersToStart())).containsExactly("proxy");
    }

    private PodStatus status(ProbeSnapshot probes, ObservedContainer... containers) {
        Pod p = pod("Always", probed, plain).build();
        return PodStatusGenerator.generate(new StatusInputs(p, Fixtures.running(containers), Map.of(), false, List.of("172.16.0.1"),
                p.getStatus(), T0.plusSeconds(30), probes));
    }

    private static ContainerStatus named(PodStatus s, String name) {
        return s.getContainerStatuses().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static PodCondition condition(PodStatus s, String type) {
        return s.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void startedAndReadyFollowTheProbes() {
        ObservedContainer app = running(probed, 0, 1);
        ObservedContainer other = running(plain, 0, 1);
        String id = app.id().toString();

        PodStatus before = status(ProbeSnapshot.none(), app, other);
        assertThat(named(before, "app").getStarted()).isFalse();
        assertThat(named(before, "app").getReady()).isFalse();
        assertThat(named(before, "plain").getStarted()).isTrue();
        assertThat(named(before, "plain").getReady()).isTrue();
        assertThat(condition(before, "ContainersReady").getStatus()).isEqualTo("False");
        assertThat(condition(before, "ContainersReady").getMessage()).isEqualTo("containers with unready status: [app]");
        assertThat(condition(before, "Ready").getStatus()).isEqualTo("False");

        PodStatus startedOnly = status(results(ProbeType.STARTUP, id, ProbeResult.SUCCESS, ProbeType.READINESS, id, ProbeResult.FAILURE), app, other);
        assertThat(named(startedOnly, "app").getStarted()).isTrue();
        assertThat(named(startedOnly, "app").getReady()).isFalse();

        PodStatus ready = status(results(ProbeType.STARTUP, id, ProbeResult.SUCCESS, ProbeType.READINESS, id, ProbeResult.SUCCESS), app, other);
        assertThat(named(ready, "app").getReady()).isTrue();
        assertThat(condition(ready, "ContainersReady").getStatus()).isEqualTo("True");
        assertThat(condition(ready, "Ready").getStatus()).isEqualTo("True");

        // Readiness without startup success does not count: the container has not started.
        PodStatus notStarted = status(results(ProbeType.READINESS, id, ProbeResult.SUCCESS), app, other);
        assertThat(named(notStarted, "app").getReady()).isFalse();
    }
}
