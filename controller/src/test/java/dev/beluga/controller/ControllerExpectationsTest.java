package dev.beluga.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControllerExpectationsTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final ControllerExpectations expectations = new ControllerExpectations(clock);

    @Test
    void unknownControllersAreSatisfied() {
        assertThat(expectations.satisfied("ns/rs")).isTrue();
    }

    @Test
    void creationsAreSatisfiedOnceAllAreObserved() {
        expectations.expectCreations("ns/rs", 2);
        assertThat(expectations.satisfied("ns/rs")).isFalse();
        expectations.creationObserved("ns/rs");
        assertThat(expectations.satisfied("ns/rs")).isFalse();
        expectations.creationObserved("ns/rs");
        assertThat(expectations.satisfied("ns/rs")).isTrue();
    }

    @Test
    void deletionsCountOncePerExpectedPod() {
        expectations.expectDeletions("ns/rs", Set.of("ns/a", "ns/b"));
        expectations.deletionObserved("ns/rs", "ns/a");
        // The same pod seen again (first with a deletionTimestamp, then gone) does not count twice.
        expectations.deletionObserved("ns/rs", "ns/a");
        expectations.deletionObserved("ns/rs", "ns/unexpected");
        assertThat(expectations.satisfied("ns/rs")).isFalse();
        expectations.deletionObserved("ns/rs", "ns/b");
        assertThat(expectations.satisfied("ns/rs")).isTrue();
    }

    @Test
    void expectationsExpireAfterFiveMinutes() {
        expectations.expectCreations("ns/rs", 1);
        clock.advance(Duration.ofMinutes(4));
        assertThat(expectations.satisfied("ns/rs")).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(expectations.satisfied("ns/rs")).isTrue();
    }

    @Test
    void deletingForgets() {
        expectations.expectCreations("ns/rs", 3);
        expectations.delete("ns/rs");
        assertThat(expectations.satisfied("ns/rs")).isTrue();
    }

    @Test
    void keysAreIndependent() {
        expectations.expectCreations("ns/a", 1);
        assertThat(expectations.satisfied("ns/b")).isTrue();
        assertThat(expectations.satisfied("ns/a")).isFalse();
    }
}
