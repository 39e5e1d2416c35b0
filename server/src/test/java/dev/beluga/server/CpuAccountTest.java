package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CpuAccountTest {
    @Test
    void readsProcessCpuSecondsFromAPrometheusExposition() {
        String exposition = """
                # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
                # TYPE process_cpu_seconds_total counter
                process_cpu_seconds_total 12.34
                process_max_fds 20000
                """;
        assertThat(CpuAccount.cpuSeconds(exposition)).isEqualTo(OptionalDouble.of(12.34));
    }

    @Test
    void anExpositionWithoutTheSampleGivesNothing() {
        assertThat(CpuAccount.cpuSeconds("process_cpu_seconds_total_other 1\nfoo 2\n")).isEmpty();
    }

    @Test
    void perOperationDividesBothShares() {
        CpuAccount.PerOperation per = CpuAccount.between(
                new CpuAccount.Reading(1_000_000_000L, OptionalDouble.of(10.0)),
                new CpuAccount.Reading(3_000_000_000L, OptionalDouble.of(11.0)),
                1000);
        assertThat(per.jvmMillis()).isEqualTo(2.0);
        assertThat(per.etcdMillis()).isEqualTo(OptionalDouble.of(1.0));
        assertThat(CpuAccount.between(new CpuAccount.Reading(0, OptionalDouble.empty()), new CpuAccount.Reading(0, OptionalDouble.of(1)), 1)
                .etcdMillis()).isEmpty();
    }
}
