package dev.beluga.scheduler.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The benchmark runs end to end at a tiny size and reports every figure it promises (no figure is judged here). */
class SchedulerBenchmarkTest {

    @Test
    void placesEveryPodAndReportsTheFigures() throws Exception {
        try (LocalApiServer api = LocalApiServer.start()) {
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            SchedulerBenchmark.Report report = new SchedulerBenchmark(api.client(), new SchedulerBenchmark.Options(3, 40, 4),
                    new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
            assertThat(report.bound()).isEqualTo(40);
            assertThat(report.floorPods()).isEqualTo(40);
            assertThat(report.listedPods()).as("floor and warm-up pods are gone; the scheduled ones remain").isEqualTo(40);
            assertThat(report.p99Nanos()).isGreaterThanOrEqualTo(report.p50Nanos()).isPositive();
            assertThat(api.client().list(Kind.PODS, SchedulerBenchmark.NAMESPACE, ListRequest.ALL).items())
                    .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).startsWith("bench-node-"));

            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("floor: bindings alone").contains("scheduled (creation -> bound)").contains("ratio to the floor")
                    .contains("latency creation -> bound      p50").contains("heap used after GC").contains("full LIST of pods")
                    .contains("40 of 40 bound");
        }
    }
}
