package dev.beluga.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.sim.StopAnnotation.Action;
import dev.beluga.sim.StopAnnotation.KubeletState;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StopAnnotationTest {
    private static Optional<Node> node(Map<String, String> annotations) {
        return Optional.of(new NodeBuilder().withNewMetadata().withName("hollow-node-0").withAnnotations(annotations).endMetadata().build());
    }

    private static final Optional<Node> ANNOTATED = node(Map.of(StopAnnotation.KEY, "true", "team", "a"));
    private static final Optional<Node> PLAIN = node(Map.of("team", "a"));

    @Test
    void theAnnotationStopsARunningKubelet() {
        assertThat(StopAnnotation.decide(ANNOTATED, KubeletState.RUNNING)).isEqualTo(Action.STOP);
        assertThat(StopAnnotation.decide(ANNOTATED, KubeletState.STOPPED_BY_ANNOTATION)).isEqualTo(Action.NONE);
    }

    @Test
    void removingTheAnnotationOrChangingItsValueStartsWhatItStopped() {
        assertThat(StopAnnotation.decide(PLAIN, KubeletState.STOPPED_BY_ANNOTATION)).isEqualTo(Action.START);
        assertThat(StopAnnotation.decide(node(Map.of(StopAnnotation.KEY, "false")), KubeletState.STOPPED_BY_ANNOTATION)).isEqualTo(Action.START);
        assertThat(StopAnnotation.decide(node(Map.of(StopAnnotation.KEY, "")), KubeletState.STOPPED_BY_ANNOTATION)).isEqualTo(Action.START);
        assertThat(StopAnnotation.decide(Optional.of(new NodeBuilder().withNewMetadata().withName("n").endMetadata().build()),
                KubeletState.STOPPED_BY_ANNOTATION)).isEqualTo(Action.START);
    }

    @Test
    void aRunningKubeletWithoutTheAnnotationIsLeftAlone() {
        assertThat(StopAnnotation.decide(PLAIN, KubeletState.RUNNING)).isEqualTo(Action.NONE);
        assertThat(StopAnnotation.decide(node(Map.of(StopAnnotation.KEY, "yes")), KubeletState.RUNNING)).isEqualTo(Action.NONE);
    }

    @Test
    void aNodeStoppedOtherwiseIsNotStartedByTheAnnotationsAbsenceButTakenOverByItsPresence() {
        assertThat(StopAnnotation.decide(PLAIN, KubeletState.STOPPED)).isEqualTo(Action.NONE);
        assertThat(StopAnnotation.decide(ANNOTATED, KubeletState.STOPPED)).isEqualTo(Action.HOLD);
    }

    @Test
    void aDeletedNodeChangesNothing() {
        for (KubeletState s : KubeletState.values()) assertThat(StopAnnotation.decide(Optional.empty(), s)).isEqualTo(Action.NONE);
    }

    @Test
    void onlyTheExactValueTrueAsksForAStop() {
        assertThat(StopAnnotation.stopped(ANNOTATED.orElseThrow())).isTrue();
        assertThat(StopAnnotation.stopped(node(Map.of(StopAnnotation.KEY, "True")).orElseThrow())).isFalse();
        assertThat(StopAnnotation.stopped(node(Map.of("other", "true")).orElseThrow())).isFalse();
        assertThat(StopAnnotation.stopped(new Node())).isFalse();
    }
}
