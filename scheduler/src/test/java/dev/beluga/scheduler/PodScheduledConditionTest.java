package dev.beluga.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PodScheduledConditionTest {
    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-01T00:05:00Z");

    private static Pod withCondition(String status, String reason, String message, String transition) {
        return Fixtures.pod("p").withNewStatus().addNewCondition().withType("PodScheduled").withStatus(status).withReason(reason)
                .withMessage(message).withLastTransitionTime(transition).endCondition().endStatus().build();
    }

    @Test
    void aFreshPodGetsTheCondition() {
        PodCondition c = PodScheduledCondition.unschedulable(Fixtures.pod("p").build(), "0/1 nodes are available: 1 Too many pods.", T1).orElseThrow();
        assertThat(c.getType()).isEqualTo("PodScheduled");
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("Unschedulable");
        assertThat(c.getMessage()).isEqualTo("0/1 nodes are available: 1 Too many pods.");
        assertThat(c.getLastTransitionTime()).isEqualTo(T1.toString());
    }

    @Test
    void theSameMessageWritesNothing() {
        Pod pod = withCondition("False", "Unschedulable", "m", T1.toString());
        assertThat(PodScheduledCondition.unschedulable(pod, "m", T2)).isEmpty();
    }

    @Test
    void aNewMessageKeepsTheTransitionTimeWhileTheStatusStaysFalse() {
        Pod pod = withCondition("False", "Unschedulable", "old", T1.toString());
        PodCondition c = PodScheduledCondition.unschedulable(pod, "new", T2).orElseThrow();
        assertThat(c.getMessage()).isEqualTo("new");
        assertThat(c.getLastTransitionTime()).isEqualTo(T1.toString());
    }

    @Test
    void thePatchSetsOnlyThatConditionByType() throws Exception {
        PodCondition c = PodScheduledCondition.unschedulable(Fixtures.pod("p").build(), "why", T1).orElseThrow();
        JsonNode patch = Json.MAPPER.readTree(PodScheduledCondition.statusPatch(c));
        JsonNode condition = patch.path("status").path("conditions").get(0);
        assertThat(patch.path("status").path("conditions")).hasSize(1);
        assertThat(condition.path("type").asText()).isEqualTo("PodScheduled");
        assertThat(condition.path("reason").asText()).isEqualTo("Unschedulable");
        assertThat(condition.path("message").asText()).isEqualTo("why");
    }
}
