package dev.beluga.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.kubelet.pod.ContainerKind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimExitTest {
    @Test
    void podWideAnnotationsApplyToRegularContainers() {
        Map<String, String> a = Map.of(SimExit.EXIT_CODE, "3", SimExit.EXIT_AFTER, "5s");
        assertThat(SimExit.plan(a, "app", ContainerKind.REGULAR)).contains(new SimExit(3, Duration.ofSeconds(5)));
        assertThat(SimExit.plan(a, "proxy", ContainerKind.SIDECAR)).isEmpty();
        assertThat(SimExit.plan(a, "setup", ContainerKind.INIT)).contains(new SimExit(0, Duration.ZERO));
    }

    @Test
    void perContainerAnnotationsWin() {
        Map<String, String> a = Map.of(SimExit.EXIT_CODE, "3", SimExit.EXIT_CODE + ".app", "0", SimExit.EXIT_AFTER + ".app", "1m30s",
                SimExit.EXIT_CODE + ".setup", "7");
        assertThat(SimExit.plan(a, "app", ContainerKind.REGULAR)).contains(new SimExit(0, Duration.ofSeconds(90)));
        assertThat(SimExit.plan(a, "other", ContainerKind.REGULAR)).contains(new SimExit(3, Duration.ZERO));
        assertThat(SimExit.plan(a, "setup", ContainerKind.INIT)).contains(new SimExit(7, Duration.ZERO));
    }

    @Test
    void withoutAnnotationsContainersRunUntilStopped() {
        assertThat(SimExit.plan(Map.of(), "app", ContainerKind.REGULAR)).isEmpty();
        assertThat(SimExit.plan(Map.of(SimExit.EXIT_AFTER, "250ms"), "app", ContainerKind.REGULAR)).contains(new SimExit(0, Duration.ofMillis(250)));
    }

    @Test
    void badValuesSayWhatIsWrong() {
        assertThatThrownBy(() -> SimExit.plan(Map.of(SimExit.EXIT_CODE, "x"), "app", ContainerKind.REGULAR)).hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> SimExit.plan(Map.of(SimExit.EXIT_CODE, "300"), "app", ContainerKind.REGULAR)).hasMessageContaining("0..255");
        assertThatThrownBy(() -> SimExit.plan(Map.of(SimExit.EXIT_AFTER, "soon"), "app", ContainerKind.REGULAR)).hasMessageContaining("invalid duration");
    }

    @Test
    void goDurations() {
        assertThat(GoDurations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(GoDurations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(GoDurations.parse("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> GoDurations.parse("5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoDurations.parse("5s x")).isInstanceOf(IllegalArgumentException.class);
    }
}
