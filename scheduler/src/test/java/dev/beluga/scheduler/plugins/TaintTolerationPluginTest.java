package dev.beluga.scheduler.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.scheduler.Fixtures;
import dev.beluga.scheduler.framework.FilterResult;
import dev.beluga.scheduler.framework.NodeInfo;
import dev.beluga.scheduler.framework.PodInfo;
import dev.beluga.scheduler.framework.ScorePlugin;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import org.junit.jupiter.api.Test;

class TaintTolerationPluginTest {

    private static NodeInfo tainted(String name, Taint... taints) {
        return Fixtures.nodeInfo(Fixtures.node(name, "1", "1Gi", 10).editSpec().withTaints(taints).endSpec().build());
    }

    private static Taint taint(String key, String value, String effect) {
        return new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build();
    }

    private static PodInfo tolerating(Toleration... tolerations) {
        return PodInfo.of(Fixtures.pod("p").editSpec().withTolerations(tolerations).endSpec().build());
    }

    @Test
    void noScheduleAndNoExecuteTaintsRejectWithTheFirstUntoleratedOneNamed() {
        NodeInfo node = tainted("n", taint("soft", "x", "PreferNoSchedule"), taint("dedicated", "gpu", "NoSchedule"),
                taint("node.kubernetes.io/unreachable", null, "NoExecute"));
        assertThat(TaintTolerationPlugin.filter(tolerating(), node))
                .isEqualTo(FilterResult.rejected("node(s) had untolerated taint {dedicated: gpu}"));
        PodInfo gpu = tolerating(new TolerationBuilder().withKey("dedicated").withValue("gpu").withEffect("NoSchedule").build());
        assertThat(TaintTolerationPlugin.filter(gpu, node))
                .isEqualTo(FilterResult.rejected("node(s) had untolerated taint {node.kubernetes.io/unreachable: }"));
        PodInfo both = tolerating(new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("gpu").build(),
                new TolerationBuilder().withKey("node.kubernetes.io/unreachable").withOperator("Exists").withEffect("NoExecute").build());
        assertThat(TaintTolerationPlugin.filter(both, node).fits()).isTrue();
    }

    @Test
    void tolerationMatchingRules() {
        Taint t = taint("k", "v", "NoSchedule");
        assertThat(Tolerations.tolerates(new TolerationBuilder().withKey("k").withValue("v").build(), t)).isTrue();
        assertThat(Tolerations.tolerates(new TolerationBuilder().withKey("k").withValue("w").build(), t)).isFalse();
        assertThat(Tolerations.tolerates(new TolerationBuilder().withKey("k").withOperator("Exists").build(), t)).isTrue();
        assertThat(Tolerations.tolerates(new TolerationBuilder().withOperator("Exists").build(), t)).isTrue();
        assertThat(Tolerations.tolerates(new TolerationBuilder().withKey("k").withOperator("Exists").withEffect("NoExecute").build(), t)).isFalse();
        assertThat(Tolerations.tolerates(new TolerationBuilder().withKey("other").withOperator("Exists").build(), t)).isFalse();
    }

    @Test
    void preferNoScheduleTaintsLowerTheScoreButNeverReject() {
        NodeInfo clean = tainted("clean");
        NodeInfo one = tainted("one", taint("a", "1", "PreferNoSchedule"));
        NodeInfo two = tainted("two", taint("a", "1", "PreferNoSchedule"), taint("b", "2", "PreferNoSchedule"));
        PodInfo pod = tolerating();
        assertThat(TaintTolerationPlugin.filter(pod, two).fits()).isTrue();

        ScorePlugin.NodeScorer scorer = new TaintTolerationPlugin(3).scorerFor(pod, null).orElseThrow();
        long[] scores = {scorer.score(clean), scorer.score(one), scorer.score(two)};
        assertThat(scores).containsExactly(0, 1, 2);
        scorer.normalize(scores, 3);
        assertThat(scores).containsExactly(100, 50, 0);

        PodInfo toleratesA = tolerating(new TolerationBuilder().withKey("a").withOperator("Exists").withEffect("PreferNoSchedule").build(),
                new TolerationBuilder().withKey("b").withOperator("Exists").withEffect("NoSchedule").build());
        ScorePlugin.NodeScorer s2 = new TaintTolerationPlugin(3).scorerFor(toleratesA, null).orElseThrow();
        assertThat(s2.score(two)).as("only PreferNoSchedule (or any-effect) tolerations count").isEqualTo(1);
    }
}
