package dev.beluga.controller.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaintEvictionTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private static final Taint UNREACHABLE = new TaintBuilder().withKey(NodeTaints.UNREACHABLE).withEffect("NoExecute").withTimeAdded("2024-05-01T09:59:50Z").build();
    private static final Taint NOT_READY = new TaintBuilder().withKey(NodeTaints.NOT_READY).withEffect("NoExecute").withTimeAdded("2024-05-01T09:59:00Z").build();
    private static final Taint SOFT = new TaintBuilder().withKey("soft").withEffect("NoSchedule").build();

    private static Toleration tolerate(String key, Long seconds) {
        return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(seconds).build();
    }

    private static Pod pod(Toleration... tolerations) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
                .withNewSpec().withNodeName("n1").withTolerations(List.of(tolerations)).endSpec().build();
    }

    @Test
    void untoleratedNoExecuteTaintsEvictNowOtherEffectsNever() {
        assertThat(TaintEviction.decide(pod(), List.of(UNREACHABLE), NOW)).isInstanceOf(TaintEviction.Verdict.EvictNow.class);
        assertThat(TaintEviction.decide(pod(), List.of(SOFT), NOW)).isInstanceOf(TaintEviction.Verdict.Keep.class);
        assertThat(TaintEviction.decide(pod(), List.of(), NOW)).isInstanceOf(TaintEviction.Verdict.Keep.class);
        assertThat(TaintEviction.decide(pod(tolerate(NodeTaints.UNREACHABLE, 300L)), List.of(UNREACHABLE, NOT_READY), NOW))
                .as("one untolerated taint is enough").isInstanceOf(TaintEviction.Verdict.EvictNow.class);
    }

    @Test
    void tolerationSecondsCountFromTheTaintsTimeAdded() {
        assertThat(TaintEviction.decide(pod(tolerate(NodeTaints.UNREACHABLE, 30L)), List.of(UNREACHABLE), NOW))
                .isEqualTo(new TaintEviction.Verdict.EvictAt(Instant.parse("2024-05-01T10:00:20Z")));
        assertThat(TaintEviction.decide(pod(tolerate(NodeTaints.UNREACHABLE, 10L)), List.of(UNREACHABLE), NOW))
                .as("deadline reached").isInstanceOf(TaintEviction.Verdict.EvictNow.class);
        assertThat(TaintEviction.decide(pod(tolerate(NodeTaints.UNREACHABLE, 0L)), List.of(UNREACHABLE), NOW)).isInstanceOf(TaintEviction.Verdict.EvictNow.class);
        Taint noTime = new TaintBuilder(UNREACHABLE).withTimeAdded(null).build();
        assertThat(TaintEviction.decide(pod(tolerate(NodeTaints.UNREACHABLE, 30L)), List.of(noTime), NOW))
                .isEqualTo(new TaintEviction.Verdict.EvictAt(NOW.plusSeconds(30)));
    }

    @Test
    void theEarliestDeadlineWinsAndForeverKeeps() {
        Pod both = pod(tolerate(NodeTaints.UNREACHABLE, 600L), tolerate(NodeTaints.NOT_READY, 120L));
        assertThat(TaintEviction.decide(both, List.of(UNREACHABLE, NOT_READY), NOW))
                .isEqualTo(new TaintEviction.Verdict.EvictAt(Instant.parse("2024-05-01T10:01:00Z")));
        Pod forever = pod(new TolerationBuilder().withOperator("Exists").build());
        assertThat(TaintEviction.decide(forever, List.of(UNREACHABLE, NOT_READY), NOW)).isInstanceOf(TaintEviction.Verdict.Keep.class);
    }
}
