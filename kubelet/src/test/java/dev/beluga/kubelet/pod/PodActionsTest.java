package dev.beluga.kubelet.pod;

import static dev.beluga.kubelet.pod.Fixtures.T0;
import static dev.beluga.kubelet.pod.Fixtures.container;
import static dev.beluga.kubelet.pod.Fixtures.exited;
import static dev.beluga.kubelet.pod.Fixtures.inState;
import static dev.beluga.kubelet.pod.Fixtures.names;
import static dev.beluga.kubelet.pod.Fixtures.pod;
import static dev.beluga.kubelet.pod.Fixtures.readySandbox;
import static dev.beluga.kubelet.pod.Fixtures.running;
import static dev.beluga.kubelet.pod.Fixtures.sandbox;
import static dev.beluga.kubelet.pod.Fixtures.sidecar;
import static dev.beluga.kubelet.pod.Fixtures.state;
import static dev.beluga.kubelet.pod.Fixtures.withInits;
import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.kubelet.runtime.ContainerState;
import dev.beluga.kubelet.runtime.SandboxState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PodActionsTest {
    private final Container app = container("app");
    private final Container side = container("side");

    @Nested
    class Sandbox {
        @Test
        void aNewPodGetsASandboxAndAllItsContainers() {
            Pod p = pod("Always", app, side).build();
            PodActions a = PodActions.compute(p, state(List.of()), T0);
            assertThat(a.createSandbox()).isTrue();
            assertThat(a.killPod()).isTrue();
            assertThat(a.attempt()).isZero();
            assertThat(a.sandboxId()).isEmpty();
            assertThat(names(a.containersToStart())).containsExactly("app", "side");
            assertThat(a.containersToStart()).allMatch(s -> s.restartCount() == 0 && s.kind() == ContainerKind.REGULAR);
            assertThat(a.initContainersToStart()).isEmpty();
        }

        @Test
        void aNewPodWithInitContainersStartsOnlyTheFirstInitContainer() {
            Pod p = withInits(pod("Always", app).build(), container("init-a"), container("init-b"));
            PodActions a = PodActions.compute(p, state(List.of()), T0);
            assertThat(a.createSandbox()).isTrue();
            assertThat(names(a.initContainersToStart())).containsExactly("init-a");
            assertThat(a.initContainersToStart().getFirst().kind()).isEqualTo(ContainerKind.INIT);
            assertThat(a.containersToStart()).isEmpty();
        }

        @Test
        void aRunningPodNeedsNothing() {
            PodActions a = PodActions.compute(pod("Always", app, side).build(), Fixtures.running(running(app, 0, 1), running(side, 0, 1)), T0.plusSeconds(5));
            assertThat(a.nothingToDo()).isTrue();
            assertThat(a.sandboxId()).isEqualTo("sb1");
            assertThat(a.backingOff()).isEmpty();
            assertThat(a.nextRetry()).isEmpty();
        }

        @Test
        void aDeadSandboxIsReplacedWithTheNextAttempt() {
            PodActions a = PodActions.compute(pod("Always", app).build(),
                    state(List.of(sandbox("sb1", 2, false, T0)), exited(app, 0, 1, 5, 137)), T0.plusSeconds(10));
            assertThat(a.createSandbox()).isTrue();
            assertThat(a.killPod()).isTrue();
            assertThat(a.attempt()).isEqualTo(3);
            assertThat(a.sandboxId()).isEqualTo("sb1");
            assertThat(names(a.containersToStart())).containsExactly("app");
            assertThat(a.containersToStart().getFirst().restartCount()).isEqualTo(1);
        }

        @Test
        void aSandboxWithoutIpIsReplacedUnlessThePodUsesTheHostNetwork() {
            ObservedSandbox noIp = new ObservedSandbox("sb1", 0, SandboxState.READY, Optional.empty(), List.of(), T0);
            Pod p = pod("Always", app).build();
            assertThat(PodActions.compute(p, state(List.of(noIp), running(app, 0, 1)), T0).createSandbox()).isTrue();
            Pod host = new PodBuilder(p).editSpec().withHostNetwork(true).endSpec().build();
            assertThat(PodActions.compute(host, state(List.of(noIp), running(app, 0, 1)), T0).nothingToDo()).isTrue();
        }

        @Test
        void twoReadySandboxesAreOneTooMany() {
            PodActions a = PodActions.compute(pod("Always", app).build(),
                    state(List.of(sandbox("old", 0, true, T0), sandbox("new", 1, true, T0.plusSeconds(1))), running(app, 0, 2)), T0.plusSeconds(3));
            assertThat(a.createSandbox()).isTrue();
            assertThat(a.sandboxId()).isEqualTo("new");
            assertThat(a.attempt()).isEqualTo(2);
        }

        @Test
        void aPodThatMustNotRestartGetsNoNewSandbox() {
            PodActions a = PodActions.compute(pod("Never", app).build(),
                    state(List.of(sandbox("sb1", 0, false, T0)), exited(app, 0, 1, 5, 0)), T0.plusSeconds(10));
            assertThat(a.killPod()).isTrue();
            assertThat(a.createSandbox()).isFalse();
            assertThat(a.containersToStart()).isEmpty();
        }

        @Test
        void aNeverPodWhoseSandboxFailedBeforeAnyContainerIsRetried() {
            PodActions a = PodActions.compute(pod("Never", app).build(), state(List.of(sandbox("sb1", 0, false, T0))), T0.plusSeconds(10));
            assertThat(a.createSandbox()).isTrue();
            assertThat(a.attempt()).isEqualTo(1);
        }

        @Test
        void onFailureSkipsSucceededContainersInANewSandbox() {
            PodActions a = PodActions.compute(pod("OnFailure", app, side).build(),
                    state(List.of(sandbox("sb1", 0, false, T0)), exited(app, 0, 1, 5, 0), exited(side, 0, 1, 5, 1)), T0.plusSeconds(100));
            assertThat(a.createSandbox()).isTrue();
            assertThat(names(a.containersToStart())).containsExactly("side");
        }

        @Test
        void onFailureWithEverythingSucceededCreatesNoSandbox() {
            PodActions a = PodActions.compute(pod("OnFailure", app).build(),
                    state(List.of(sandbox("sb1", 0, false, T0)), exited(app, 0, 1, 5, 0)), T0.plusSeconds(100));
            assertThat(a.createSandbox()).isFalse();
            assertThat(a.killPod()).isTrue();
        }
    }

    @Nested
    class Restarts {
        @Test
        void alwaysRestartsAnExitedContainerAtOnceTheFirstTime() {
            PodActions a = PodActions.compute(pod("Always", app).build(), Fixtures.running(exited(app, 0, 1, 5, 1)), T0.plusSeconds(7));
            assertThat(names(a.containersToStart())).containsExactly("app");
            assertThat(a.containersToStart().getFirst().restartCount()).isEqualTo(1);
            assertThat(a.killPod()).isFalse();
            String key = RestartBackOff.key("app", ContainerHash.of(app));
            assertThat(a.backOff().delay(key)).isEqualTo(Duration.ofSeconds(10));
        }

        @Test
        void aSecondCrashWithinTheBackOffWaitsWithUpstreamsMessage() {
            Pod p = pod("Always", app).build();
            PodActions first = PodActions.compute(p, Fixtures.running(exited(app, 0, 1, 5, 1)), T0.plusSeconds(6));
            // The restarted instance crashes 2 s later, at T0+9.
            PodRuntimeState again = Fixtures.running(exited(app, 0, 1, 5, 1), exited(app, 1, 7, 2, 1)).withBackOff(first.backOff());
            PodActions second = PodActions.compute(p, again, T0.plusSeconds(12));
            assertThat(second.containersToStart()).isEmpty();
            assertThat(second.backingOff()).singleElement().satisfies(b -> {
                assertThat(b.name()).isEqualTo("app");
                assertThat(b.delay()).isEqualTo(Duration.ofSeconds(10));
                assertThat(b.retryAt()).isEqualTo(T0.plusSeconds(19));
                assertThat(b.message()).isEqualTo("back-off 10s restarting failed container=app pod=web_ns(uid-1)");
            });
            assertThat(second.nextRetry()).contains(T0.plusSeconds(19));
            assertThat(second.killPod()).isFalse();

            PodActions third = PodActions.compute(p, again.withBackOff(second.backOff()), T0.plusSeconds(19));
            assertThat(names(third.containersToStart())).containsExactly("app");
            assertThat(third.containersToStart().getFirst().restartCount()).isEqualTo(2);
            assertThat(third.backOff().delay(RestartBackOff.key("app", ContainerHash.of(app)))).isEqualTo(Duration.ofSeconds(20));
        }

        @Test
        void neverLeavesAnExitedContainerAndEndsThePod() {
            PodActions a = PodActions.compute(pod("Never", app).build(), Fixtures.running(exited(app, 0, 1, 5, 1)), T0.plusSeconds(7));
            assertThat(a.containersToStart()).isEmpty();
            assertThat(a.killPod()).isTrue();
            assertThat(a.createSandbox()).isFalse();
        }

        @Test
        void neverKeepsThePodWhileAnotherContainerRuns() {
            PodActions a = PodActions.compute(pod("Never", app, side).build(),
                    Fixtures.running(exited(app, 0, 1, 5, 0), running(side, 0, 1)), T0.plusSeconds(7));
            assertThat(a.nothingToDo()).isTrue();
        }

        @Test
        void onFailureRestartsOnlyFailures() {
            Pod p = pod("OnFailure", app).build();
            assertThat(PodActions.compute(p, Fixtures.running(exited(app, 0, 1, 5, 0)), T0.plusSeconds(7)).killPod()).isTrue();
            assertThat(names(PodActions.compute(p, Fixtures.running(exited(app, 0, 1, 5, 2)), T0.plusSeconds(7)).containersToStart())).containsExactly("app");
        }

        @Test
        void aChangedSpecRestartsTheContainerWhateverThePolicy() {
            Container newer = new ContainerBuilder(app).withImage("busybox:1.36").build();
            PodActions a = PodActions.compute(pod("Never", newer).build(), Fixtures.running(running(app, 0, 1)), T0.plusSeconds(7));
            assertThat(a.containersToKill()).singleElement().satisfies(k -> {
                assertThat(k.name()).isEqualTo("app");
                assertThat(k.reason()).isEqualTo(PodActions.KillReason.SPEC_CHANGED);
                assertThat(k.message()).isEqualTo("Container app definition changed, will be restarted");
            });
            assertThat(names(a.containersToStart())).containsExactly("app");
            assertThat(a.killPod()).isFalse();
        }

        @Test
        void aContainerInUnknownStateIsKilledAndStartedAgain() {
            PodActions a = PodActions.compute(pod("Always", app).build(), Fixtures.running(inState(app, ContainerState.UNKNOWN)), T0);
            assertThat(a.containersToKill()).singleElement().extracting(PodActions.Kill::reason).isEqualTo(PodActions.KillReason.UNKNOWN_STATE);
            assertThat(names(a.containersToStart())).containsExactly("app");
        }

        @Test
        void aContainerStuckInCreatedIsStartedAgainEvenUnderNever() {
            PodActions a = PodActions.compute(pod("Never", app).build(), Fixtures.running(inState(app, ContainerState.CREATED)), T0);
            assertThat(names(a.containersToStart())).containsExactly("app");
            assertThat(a.containersToKill()).isEmpty();
        }

        @Test
        void aPodBeingDeletedIsOnlyKilled() {
            Pod p = new PodBuilder(pod("Always", app).build()).editMetadata().withDeletionTimestamp("2025-01-01T10:00:05Z").withDeletionGracePeriodSeconds(30L).endMetadata().build();
            PodActions a = PodActions.compute(p, Fixtures.running(exited(app, 0, 1, 5, 1)), T0.plusSeconds(7));
            assertThat(a.killPod()).isTrue();
            assertThat(a.createSandbox()).isFalse();
            assertThat(a.containersToStart()).isEmpty();
            assertThat(a.backingOff()).isEmpty();
        }

        @Test
        void ephemeralContainersStartOnceAndNeverAgain() {
            Pod p = new PodBuilder(pod("Always", app).build()).editSpec()
                    .withEphemeralContainers(new EphemeralContainerBuilder().withName("debug").withImage("busybox:1.35").build()).endSpec().build();
            PodActions a = PodActions.compute(p, Fixtures.running(running(app, 0, 1)), T0.plusSeconds(3));
            assertThat(names(a.ephemeralContainersToStart())).containsExactly("debug");
            assertThat(a.ephemeralContainersToStart().getFirst().kind()).isEqualTo(ContainerKind.EPHEMERAL);
            PodActions b = PodActions.compute(p, Fixtures.running(running(app, 0, 1), exited(container("debug"), 0, 2, 1, 0)), T0.plusSeconds(5));
            assertThat(b.nothingToDo()).isTrue();
        }
    }

    @Nested
    class InitContainers {
        private final Container initA = container("init-a");
        private final Container initB = container("init-b");

        private Pod pod(String policy) {
            return withInits(Fixtures.pod(policy, app).build(), initA, initB);
        }

        @Test
        void aRunningInitContainerIsWaitedFor() {
            PodActions a = PodActions.compute(pod("Always"), Fixtures.running(running(initA, 0, 1)), T0.plusSeconds(2));
            assertThat(a.nothingToDo()).isTrue();
        }

        @Test
        void theNextInitContainerFollowsASuccessfulOne() {
            PodActions a = PodActions.compute(pod("Always"), Fixtures.running(exited(initA, 0, 1, 1, 0)), T0.plusSeconds(3));
            assertThat(names(a.initContainersToStart())).containsExactly("init-b");
            assertThat(a.containersToStart()).isEmpty();
        }

        @Test
        void appContainersStartOnceTheLastInitContainerSucceeded() {
            PodActions a = PodActions.compute(pod("Always"), Fixtures.running(exited(initA, 0, 1, 1, 0), exited(initB, 0, 3, 1, 0)), T0.plusSeconds(5));
            assertThat(a.initContainersToStart()).isEmpty();
            assertThat(names(a.containersToStart())).containsExactly("app");
        }

        @Test
        void aFailedInitContainerRestartsUnderAlwaysAndOnFailure() {
            for (String policy : List.of("Always", "OnFailure")) {
                PodActions a = PodActions.compute(pod(policy), Fixtures.running(exited(initA, 0, 1, 1, 3)), T0.plusSeconds(3));
                assertThat(names(a.initContainersToStart())).as(policy).containsExactly("init-a");
                assertThat(a.initContainersToStart().getFirst().restartCount()).isEqualTo(1);
                assertThat(a.killPod()).isFalse();
            }
        }

        @Test
        void aFailedInitContainerEndsANeverPod() {
            PodActions a = PodActions.compute(pod("Never"), Fixtures.running(exited(initA, 0, 1, 1, 3)), T0.plusSeconds(3));
            assertThat(a.killPod()).isTrue();
            assertThat(a.initContainersToStart()).isEmpty();
            assertThat(a.containersToStart()).isEmpty();
        }

        @Test
        void aFailingInitContainerBacksOffLikeAnyOther() {
            Pod p = pod("Always");
            PodActions first = PodActions.compute(p, Fixtures.running(exited(initA, 0, 1, 1, 3)), T0.plusSeconds(3));
            PodRuntimeState again = Fixtures.running(exited(initA, 0, 1, 1, 3), exited(initA, 1, 3, 1, 3)).withBackOff(first.backOff());
            PodActions second = PodActions.compute(p, again, T0.plusSeconds(5));
            assertThat(second.initContainersToStart()).isEmpty();
            assertThat(second.backingOff()).singleElement().satisfies(b -> {
                assertThat(b.kind()).isEqualTo(ContainerKind.INIT);
                assertThat(b.message()).startsWith("back-off 10s restarting failed container=init-a pod=web_ns(uid-1)");
            });
        }

        @Test
        void aPodWhoseAppContainersRunIsNotInitializedAgainWhenInitContainersAreGone() {
            PodActions a = PodActions.compute(pod("Always"), Fixtures.running(running(app, 0, 5)), T0.plusSeconds(7));
            assertThat(a.nothingToDo()).isTrue();
        }
    }

    @Nested
    class Sidecars {
        private final Container proxy = sidecar("proxy");
        private final Container setup = container("setup");

        @Test
        void aSidecarStartsFirstAndTheNextInitContainerOnceItRuns() {
            Pod p = withInits(pod("Always", app).build(), proxy, setup);
            PodActions a = PodActions.compute(p, state(List.of()), T0);
            assertThat(names(a.initContainersToStart())).containsExactly("proxy");
            assertThat(a.initContainersToStart().getFirst().kind()).isEqualTo(ContainerKind.SIDECAR);
            PodActions b = PodActions.compute(p, Fixtures.running(running(proxy, 0, 1)), T0.plusSeconds(2));
            assertThat(names(b.initContainersToStart())).containsExactly("setup");
        }

        @Test
        void aRunningLastSidecarLetsAppContainersStart() {
            Pod p = withInits(pod("Always", app).build(), setup, proxy);
            PodActions a = PodActions.compute(p, Fixtures.running(exited(setup, 0, 1, 1, 0), running(proxy, 0, 3)), T0.plusSeconds(4));
            assertThat(a.initContainersToStart()).isEmpty();
            assertThat(names(a.containersToStart())).containsExactly("app");
        }

        @Test
        void anExitedSidecarRestartsAlongsideRunningAppContainers() {
            Pod p = withInits(pod("Always", app).build(), proxy);
            PodActions a = PodActions.compute(p, Fixtures.running(exited(proxy, 0, 1, 10, 1), running(app, 0, 2)), T0.plusSeconds(12));
            assertThat(names(a.initContainersToStart())).containsExactly("proxy");
            assertThat(a.containersToStart()).isEmpty();
            assertThat(a.killPod()).isFalse();
        }

        @Test
        void anExitedSidecarRestartsEvenUnderNever() {
            Pod p = withInits(pod("Never", app).build(), proxy);
            PodActions a = PodActions.compute(p, Fixtures.running(exited(proxy, 0, 1, 10, 0), running(app, 0, 2)), T0.plusSeconds(12));
            assertThat(names(a.initContainersToStart())).containsExactly("proxy");
        }

        @Test
        void sidecarsDoNotKeepAFinishedPodAlive() {
            Pod p = withInits(pod("Never", app).build(), proxy);
            PodActions a = PodActions.compute(p, Fixtures.running(running(proxy, 0, 1), exited(app, 0, 2, 5, 0)), T0.plusSeconds(12));
            assertThat(a.killPod()).isTrue();
            assertThat(a.initContainersToStart()).isEmpty();
            assertThat(a.containersToStart()).isEmpty();
        }

        @Test
        void aSidecarRemovedFromTheRuntimeIsStartedAgainOnceThePodIsInitialized() {
            Pod p = withInits(pod("Always", app).build(), proxy);
            PodActions a = PodActions.compute(p, Fixtures.running(running(app, 0, 2)), T0.plusSeconds(12));
            assertThat(names(a.initContainersToStart())).containsExactly("proxy");
        }
    }

    @Test
    void restartCountsContinueFromTheNewestInstance() {
        PodRuntimeState s = Fixtures.running(exited(app, 3, 50, 5, 1), exited(app, 2, 30, 5, 1));
        PodActions a = PodActions.compute(pod("Always", app).build(), s, T0.plusSeconds(500));
        assertThat(a.containersToStart()).singleElement().extracting(PodActions.Start::restartCount).isEqualTo(4);
    }

    @Test
    void aReadySandboxIsKeptWhileItsIdStaysTheSame() {
        PodActions a = PodActions.compute(pod("Always", app).build(), state(List.of(readySandbox()), running(app, 0, 1)), Instant.now());
        assertThat(a.createSandbox()).isFalse();
        assertThat(a.attempt()).isZero();
    }
}
