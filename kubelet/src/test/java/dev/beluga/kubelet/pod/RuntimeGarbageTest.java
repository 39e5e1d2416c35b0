package dev.beluga.kubelet.pod;

import static dev.beluga.kubelet.pod.Fixtures.T0;
import static dev.beluga.kubelet.pod.Fixtures.container;
import static dev.beluga.kubelet.pod.Fixtures.exited;
import static dev.beluga.kubelet.pod.Fixtures.running;
import static dev.beluga.kubelet.pod.Fixtures.sandbox;
import static dev.beluga.kubelet.pod.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeGarbageTest {
    private final Container app = container("app");

    @Test
    void keepsTheTwoNewestInstancesOfEachContainer() {
        PodRuntimeState s = Fixtures.running(running(app, 3, 40), exited(app, 2, 30, 5, 1), exited(app, 1, 20, 5, 1), exited(app, 0, 10, 5, 1));
        assertThat(RuntimeGarbage.of(s).containerIds()).containsExactlyInAnyOrder("app-1", "app-0");
        assertThat(RuntimeGarbage.of(Fixtures.running(running(app, 1, 40), exited(app, 0, 10, 5, 1))).isEmpty()).isTrue();
    }

    @Test
    void removesStoppedOlderSandboxesThatHoldNothingKept() {
        PodRuntimeState s = state(List.of(sandbox("old", 0, false, T0), sandbox("sb1", 1, true, T0.plusSeconds(5))), running(app, 0, 6));
        assertThat(RuntimeGarbage.of(s).sandboxIds()).containsExactly("old");
        PodRuntimeState newestStopped = state(List.of(sandbox("sb1", 0, false, T0)));
        assertThat(RuntimeGarbage.of(newestStopped).sandboxIds()).isEmpty();
    }
}
