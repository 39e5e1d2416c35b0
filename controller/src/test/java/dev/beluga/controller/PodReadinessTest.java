package dev.beluga.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PodReadinessTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private static Pod pod(String phase, String ready, Instant since) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewStatus().withPhase(phase).addNewCondition().withType("Ready").withStatus(ready)
                .withLastTransitionTime(since == null ? null : since.toString()).endCondition().endStatus().build();
    }

    private static Pod deleting(Pod pod) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp(NOW.toString()).endMetadata().build();
    }

    @Test
    void runningAndReadyWantsBoth() {
        assertThat(PodReadiness.isRunningAndReady(pod("Running", "True", NOW))).isTrue();
        assertThat(PodReadiness.isRunningAndReady(pod("Pending", "True", NOW))).isFalse();
        assertThat(PodReadiness.isRunningAndReady(pod("Running", "False", NOW))).isFalse();
    }

    @Test
    void availableOnceReadyForLongerThanMinReadySeconds() {
        Pod readyTenSeconds = pod("Running", "True", NOW.minusSeconds(10));
        assertThat(PodReadiness.isAvailable(readyTenSeconds, 0, NOW)).isTrue();
        assertThat(PodReadiness.isAvailable(readyTenSeconds, 9, NOW)).isTrue();
        assertThat(PodReadiness.isAvailable(readyTenSeconds, 10, NOW)).as("strictly longer").isFalse();
        assertThat(PodReadiness.untilAvailable(readyTenSeconds, 15, NOW)).contains(Duration.ofSeconds(5));
        assertThat(PodReadiness.isAvailable(pod("Running", "True", null), 5, NOW)).as("no transition time").isFalse();
        assertThat(PodReadiness.isAvailable(pod("Running", "False", NOW.minusSeconds(10)), 0, NOW)).isFalse();
    }

    @Test
    void unavailableWhenNotAvailableOrOnItsWayOut() {
        Pod ready = pod("Running", "True", NOW.minusSeconds(10));
        assertThat(PodReadiness.isUnavailable(ready, 0, NOW)).isFalse();
        assertThat(PodReadiness.isUnavailable(deleting(ready), 0, NOW)).isTrue();
        assertThat(PodReadiness.isUnavailable(ready, 30, NOW)).isTrue();
    }

    @Test
    void activeMeansNeitherFinishedNorTerminating() {
        assertThat(PodReadiness.isActive(pod("Running", "True", NOW))).isTrue();
        assertThat(PodReadiness.isActive(pod("Succeeded", "False", NOW))).isFalse();
        assertThat(PodReadiness.isActive(pod("Failed", "False", NOW))).isFalse();
        assertThat(PodReadiness.isActive(deleting(pod("Running", "True", NOW)))).isFalse();
    }
}
