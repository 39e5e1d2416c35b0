package dev.beluga.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Upstream's worker.doProbe decisions, driven by a fake clock: no threads, no network. */
class ProbeStepTest {
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    private static Probe probe(int initialDelay, int success, int failure) {
        return new ProbeBuilder().withNewExec().withCommand("true").endExec().withInitialDelaySeconds(initialDelay)
                .withSuccessThreshold(success).withFailureThreshold(failure).withPeriodSeconds(10).withTimeoutSeconds(1).build();
    }

    private static Optional<ProbeTarget> running(String id, boolean started) {
        return Optional.of(new ProbeTarget(Optional.of(id), true, Optional.of(T0), false, started, false, false, false));
    }

    /** Runs before and, when it says to check, after with the given verdict; returns the last step. */
    private static ProbeStep check(ProbeType type, Probe spec, ProbeState s, Optional<ProbeTarget> t, Instant now, ProbeResult verdict) {
        ProbeStep b = ProbeStep.before(type, spec, s, t, now);
        return b.probeNow() ? ProbeStep.after(type, spec, b.state(), verdict) : b;
    }

    @Test
    void aNewContainerGetsEachProbesInitialResult() {
        Probe spec = probe(0, 1, 3);
        for (ProbeType type : ProbeType.values()) {
            ProbeStep s = ProbeStep.before(type, spec, ProbeState.initial(), running("sim://a", type != ProbeType.STARTUP), T0);
            assertThat(s.publish()).contains(type.initial());
            assertThat(s.state().containerId()).isEqualTo("sim://a");
            assertThat(s.probeNow()).isTrue();
        }
        assertThat(ProbeType.READINESS.initial()).isEqualTo(ProbeResult.FAILURE);
        assertThat(ProbeType.LIVENESS.initial()).isEqualTo(ProbeResult.SUCCESS);
        assertThat(ProbeType.STARTUP.initial()).isEqualTo(ProbeResult.UNKNOWN);
    }

    @Test
    void noContainerYetMeansWaiting() {
        ProbeStep s = ProbeStep.before(ProbeType.READINESS, probe(0, 1, 3), ProbeState.initial(),
                Optional.of(new ProbeTarget(Optional.empty(), false, Optional.empty(), false, false, false, false, false)), T0);
        assertThat(s.probeNow()).isFalse();
        assertThat(s.keepGoing()).isTrue();
        assertThat(s.publish()).isEmpty();
    }

    @Test
    void initialDelayHoldsTheFirstCheckBack() {
        Probe spec = probe(5, 1, 3);
        ProbeStep early = ProbeStep.before(ProbeType.LIVENESS, spec, ProbeState.initial(), running("sim://a", true), T0.plusSeconds(4));
        assertThat(early.probeNow()).isFalse();
        ProbeStep due = ProbeStep.before(ProbeType.LIVENESS, spec, early.state(), running("sim://a", true), T0.plusSeconds(5));
        assertThat(due.probeNow()).isTrue();
        assertThat(due.publish()).isEmpty(); // the initial result was published once, with the first sight of the container
    }

    @Test
    void startupGatesTheOtherProbesAndStopsOnceStarted() {
        Probe spec = probe(0, 1, 3);
        assertThat(ProbeStep.before(ProbeType.READINESS, spec, ProbeState.initial(), running("sim://a", false), T0).probeNow()).isFalse();
        assertThat(ProbeStep.before(ProbeType.LIVENESS, spec, ProbeState.initial(), running("sim://a", false), T0).probeNow()).isFalse();
        assertThat(ProbeStep.before(ProbeType.STARTUP, spec, ProbeState.initial(), running("sim://a", false), T0).probeNow()).isTrue();
        assertThat(ProbeStep.before(ProbeType.STARTUP, spec, ProbeState.initial(), running("sim://a", true), T0).probeNow()).isFalse();
        assertThat(ProbeStep.before(ProbeType.READINESS, spec, ProbeState.initial(), running("sim://a", true), T0).probeNow()).isTrue();
    }

    @Test
    void readinessPublishesOnlyOnceTheSuccessThresholdIsReached() {
        Probe spec = probe(0, 2, 3);
        ProbeState s = ProbeStep.before(ProbeType.READINESS, spec, ProbeState.initial(), running("sim://a", true), T0).state();
        ProbeStep first = ProbeStep.after(ProbeType.READINESS, spec, s, ProbeResult.SUCCESS);
        assertThat(first.publish()).isEmpty();
        ProbeStep second = check(ProbeType.READINESS, spec, first.state(), running("sim://a", true), T0.plusSeconds(10), ProbeResult.SUCCESS);
        assertThat(second.publish()).contains(ProbeResult.SUCCESS);
        // A failure in between starts the count again.
        ProbeStep fail = ProbeStep.after(ProbeType.READINESS, spec, second.state(), ProbeResult.FAILURE);
        assertThat(fail.publish()).isEmpty();
        ProbeStep again = ProbeStep.after(ProbeType.READINESS, spec, fail.state(), ProbeResult.SUCCESS);
        assertThat(again.publish()).isEmpty();
    }

    @Test
    void livenessFailsAfterTheFailureThresholdAndHoldsUntilANewContainer() {
        Probe spec = probe(0, 1, 3);
        ProbeState s = ProbeStep.before(ProbeType.LIVENESS, spec, ProbeState.initial(), running("sim://a", true), T0).state();
        ProbeStep step = null;
        for (int i = 1; i <= 3; i++) {
            step = ProbeStep.after(ProbeType.LIVENESS, spec, s, ProbeResult.FAILURE);
            s = step.state();
            if (i < 3) assertThat(step.publish()).as("failure %d of 3", i).isEmpty();
        }
        assertThat(step.publish()).contains(ProbeResult.FAILURE);
        assertThat(s.onHold()).isTrue();
        assertThat(s.resultRun()).isZero();

        ProbeStep held = ProbeStep.before(ProbeType.LIVENESS, spec, s, running("sim://a", true), T0.plusSeconds(40));
        assertThat(held.probeNow()).isFalse();
        assertThat(held.keepGoing()).isTrue();

        ProbeStep restarted = ProbeStep.before(ProbeType.LIVENESS, spec, held.state(), running("sim://b", true), T0.plusSeconds(50));
        assertThat(restarted.probeNow()).isTrue();
        assertThat(restarted.forget()).contains("sim://a");
        assertThat(restarted.publish()).contains(ProbeResult.SUCCESS);
        assertThat(restarted.state().onHold()).isFalse();
    }

    @Test
    void readinessFailureDoesNotHold() {
        Probe spec = probe(0, 1, 1);
        ProbeState s = ProbeStep.before(ProbeType.READINESS, spec, ProbeState.initial(), running("sim://a", true), T0).state();
        ProbeStep f = ProbeStep.after(ProbeType.READINESS, spec, s, ProbeResult.FAILURE);
        assertThat(f.publish()).contains(ProbeResult.FAILURE);
        assertThat(f.state().onHold()).isFalse();
        assertThat(ProbeStep.before(ProbeType.READINESS, spec, f.state(), running("sim://a", true), T0.plusSeconds(10)).probeNow()).isTrue();
    }

    @Test
    void aStoppedContainerFailsAndEndsTheWorkerOnlyWhenItWillNotRestart() {
        Probe spec = probe(0, 1, 3);
        ProbeState s = ProbeStep.before(ProbeType.READINESS, spec, ProbeState.initial(), running("sim://a", true), T0).state();
        var exitedAlways = Optional.of(new ProbeTarget(Optional.of("sim://a"), false, Optional.empty(), true, false, false, false, false));
        ProbeStep a = ProbeStep.before(ProbeType.READINESS, spec, s, exitedAlways, T0.plusSeconds(10));
        assertThat(a.publish()).contains(ProbeResult.FAILURE);
        assertThat(a.keepGoing()).isTrue();
        var exitedNever = Optional.of(new ProbeTarget(Optional.of("sim://a"), false, Optional.empty(), true, false, false, false, true));
        assertThat(ProbeStep.before(ProbeType.READINESS, spec, s, exitedNever, T0.plusSeconds(10)).keepGoing()).isFalse();
    }

    @Test
    void aDeletedPodIsNotKilledByItsLivenessProbe() {
        Probe spec = probe(0, 1, 3);
        var deleting = Optional.of(new ProbeTarget(Optional.of("sim://a"), true, Optional.of(T0), false, true, false, true, false));
        ProbeStep l = ProbeStep.before(ProbeType.LIVENESS, spec, ProbeState.initial(), deleting, T0);
        assertThat(l.publish()).contains(ProbeResult.SUCCESS);
        assertThat(l.keepGoing()).isFalse();
        ProbeStep r = ProbeStep.before(ProbeType.READINESS, spec, ProbeState.initial(), deleting, T0);
        assertThat(r.keepGoing()).isTrue();
        assertThat(r.probeNow()).isTrue();
    }

    @Test
    void aFinishedPodEndsEveryWorker() {
        var finished = Optional.of(new ProbeTarget(Optional.of("sim://a"), false, Optional.empty(), true, false, true, false, false));
        for (ProbeType type : ProbeType.values()) {
            assertThat(ProbeStep.before(type, probe(0, 1, 3), ProbeState.initial(), finished, T0).keepGoing()).isFalse();
        }
    }
}
