package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import java.util.OptionalLong;
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
                new CpuAccount.Reading(1_000_000_000L, OptionalLong.of(100_000_000L), OptionalDouble.of(10.0)),
                new CpuAccount.Reading(3_000_000_000L, OptionalLong.of(600_000_000L), OptionalDouble.of(11.0)),
                1000);
        assertThat(per.jvmMillis()).isEqualTo(2.0);
        assertThat(per.jitMillis()).isEqualTo(OptionalDouble.of(0.5));
        assertThat(per.etcdMillis()).isEqualTo(OptionalDouble.of(1.0));
        assertThat(per.describe()).isEqualTo("JVM 2.000 ms, etcd 1.000 ms; of the JVM's, JIT compiler threads 0.500 ms");
        CpuAccount.PerOperation unknown = CpuAccount.between(new CpuAccount.Reading(0, OptionalLong.empty(), OptionalDouble.empty()),
                new CpuAccount.Reading(0, OptionalLong.of(1), OptionalDouble.of(1)), 1);
        assertThat(unknown.etcdMillis()).isEmpty();
        assertThat(unknown.jitMillis()).isEmpty();
    }

    @Test
    void countsOnlyJitCompilerThreadsFromProcStat() {
        // /proc/<pid>/task/<tid>/stat: utime (field 14) = 250, stime (15) = 30 ticks.
        String c2 = "4242 (C2 CompilerThre) S 1 4242 4242 0 -1 4194368 100 0 0 0 250 30 0 0 20 0 40 0 123 0 0";
        String worker = "4243 (ForkJoinPool-1-) S 1 4242 4242 0 -1 4194368 100 0 0 0 900 90 0 0 20 0 40 0 123 0 0";
        String c1 = "4244 (C1 CompilerThre) R 1 4242 4242 0 -1 4194368 100 0 0 0 7 1 0 0 20 0 40 0 123 0 0";
        assertThat(JitCompilerCpu.compilerTicks(c2)).isEqualTo(280);
        assertThat(JitCompilerCpu.compilerTicks(worker)).isZero();
        assertThat(JitCompilerCpu.compilerTicks(c1)).isEqualTo(8);
        assertThat(JitCompilerCpu.nanos().orElseThrow()).as("this JVM on Linux has compiler threads that have compiled something").isPositive();
    }
}
