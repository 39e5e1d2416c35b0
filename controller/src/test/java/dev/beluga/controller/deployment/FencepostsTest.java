package dev.beluga.controller.deployment;

import static dev.beluga.controller.deployment.DeploymentFixtures.intOrString;
import static dev.beluga.controller.deployment.DeploymentFixtures.recreate;
import static dev.beluga.controller.deployment.DeploymentFixtures.rolling;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FencepostsTest {
    @Test
    void percentagesRoundSurgeUpAndUnavailableDown() {
        assertThat(Fenceposts.resolve(intOrString("25%"), intOrString("25%"), 10)).isEqualTo(new Fenceposts.Resolved(3, 2));
        assertThat(Fenceposts.resolve(intOrString("25%"), intOrString("25%"), 3)).isEqualTo(new Fenceposts.Resolved(1, 0));
        assertThat(Fenceposts.resolve(intOrString(2), intOrString(1), 10)).isEqualTo(new Fenceposts.Resolved(2, 1));
    }

    @Test
    void bothZeroAllowsOneUnavailable() {
        assertThat(Fenceposts.resolve(intOrString(0), intOrString("10%"), 5)).isEqualTo(new Fenceposts.Resolved(0, 1));
        assertThat(Fenceposts.resolve(null, null, 5)).isEqualTo(new Fenceposts.Resolved(0, 1));
    }

    @Test
    void maxUnavailableIsCappedAtReplicasAndZeroWithoutReplicas() {
        assertThat(Fenceposts.maxUnavailable(rolling(2, "x", 0, 5))).isEqualTo(2);
        assertThat(Fenceposts.maxUnavailable(rolling(0, "x", 1, 1))).isZero();
    }

    @Test
    void recreateHasNoSurgeAndNoUnavailability() {
        assertThat(Fenceposts.maxSurge(recreate(3, "x"))).isZero();
        assertThat(Fenceposts.maxUnavailable(recreate(3, "x"))).isZero();
    }

    @Test
    void aStringThatIsNotAPercentageIsAnError() {
        assertThatThrownBy(() -> Fenceposts.scaled(intOrString("5"), 10, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
