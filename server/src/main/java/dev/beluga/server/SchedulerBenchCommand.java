package dev.beluga.server;

import dev.beluga.apiserver.ApiServer;
import dev.beluga.apiserver.ApiServerConfig;
import dev.beluga.scheduler.bench.SchedulerBenchmark;
import dev.beluga.storage.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `beluga bench scheduler`: pods placed per second on N simulated nodes, beside the raw binding rate. */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = {
            "Starts a throwaway API server (temp data dir, SQLite, loopback) and the",
            "scheduler in this process, on the in-process client. Creates --nodes nodes",
            "(API objects: 32 cpu, 256Gi, 110 pods each) and measures, in one run:",
            "  1. the floor: bindings written directly, with no decision (pods/s);",
            "  2. --pods pods created by --clients concurrent clients and placed by the",
            "     scheduler: pods bound per second (first creation to last binding),",
            "     latency creation -> bound p50/p99, time to schedule all, CPU used;",
            "  3. their ratio, the heap used after GC, the time of a full LIST of pods.",
            "Upstream's documented limits are 5,000 nodes and 150,000 pods: run that",
            "size with JAVA_OPTS=-Xmx8g."})
final class SchedulerBenchCommand implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "1000", description = "Nodes to create (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--pods", defaultValue = "10000", description = "Pods to schedule (default: ${DEFAULT-VALUE}).")
    int pods;

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent pod creators (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--dir", description = "Where to put the throwaway data dir (default: the system temp dir).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        try (ScratchDirectory root = ScratchDirectory.create(Optional.ofNullable(dir), "beluga-bench-")) {
            ApiServerConfig config = new ApiServerConfig("127.0.0.1", 0, Optional.empty(), Map.of(UUID.randomUUID().toString(), "admin"),
                    Duration.ofMinutes(5), 10_000);
            try (ApiServer server = ApiServer.start(config, SqliteStore.open(root.path().resolve("beluga.db")))) {
                SchedulerBenchmark.Report report = new SchedulerBenchmark(server.client(),
                        new SchedulerBenchmark.Options(nodes, pods, clients), System.out).run();
                System.out.println();
                report.print(System.out);
            }
            return 0;
        }
    }
}
