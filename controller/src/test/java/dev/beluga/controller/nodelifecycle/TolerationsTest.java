package dev.beluga.controller.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import org.junit.jupiter.api.Test;

class TolerationsTest {
    private static final Taint T = new TaintBuilder().withKey("k").withValue("v").withEffect("NoExecute").build();

    @Test
    void matchesAsUpstream() {
        assertThat(Tolerations.tolerates(new TolerationBuilder().withKey("k").withValue("v").withEffect("NoExecute").build(), T)).isTrue();
        assertThat(Tolerations.tolerates(new TolerationBuilder().withKey("k").withOperator("Equal").withValue("w").build(), T)).isFalse();
        assertThat(Tolerations.tolerates(new TolerationBuilder().withKey("k").withOperator("Exists").build(), T)).isTrue();
        assertThat(Tolerations.tolerates(new TolerationBuilder().withOperator("Exists").build(), T)).as("empty key + Exists tolerates all").isTrue();
        assertThat(Tolerations.tolerates(new TolerationBuilder().withKey("k").withOperator("Exists").withEffect("NoSchedule").build(), T)).isFalse();
        assertThat(Tolerations.tolerates(new TolerationBuilder().withKey("other").withOperator("Exists").build(), T)).isFalse();
        assertThat(Tolerations.tolerates(new TolerationBuilder().withKey("k").withOperator("Lt").withValue("v").build(), T)).isFalse();
    }
}
