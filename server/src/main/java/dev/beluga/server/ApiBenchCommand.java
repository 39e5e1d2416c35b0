package dev.beluga.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `beluga bench api`: durable creates over HTTPS against the raw SQLite floor, and watch fan-out lag. */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = {
            "Starts a throwaway server (temp data dir, loopback, HTTPS) and measures, in one run:",
            "  1. pods created per second over HTTPS by --clients concurrent clients, with p50/p99 latency;",
            "  2. the raw SQLite insert rate on the same disk (one transaction per insert, and batched as the store batches);",
            "  3. their ratio;",
            "  4. watch fan-out: --watchers watches on one namespace while --updates-per-second updates run; delivery lag p50/p99.",
            "Every request goes to 127.0.0.1 only; every phase is bounded in time."})
final class ApiBenchCommand implements Callable<Integer> {
    @Option(names = "--clients", defaultValue = "16", description = "Concurrent creating clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long each throughput phase runs (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--watchers", defaultValue = "1000", description = "Concurrent watches in the fan-out phase (default: ${DEFAULT-VALUE}).")
    int watchers;

    @Option(names = "--updates-per-second", defaultValue = "100", description = "Update rate in the fan-out phase (default: ${DEFAULT-VALUE}).")
    int updatesPerSecond;

    @Option(names = "--dir", description = "Where to put the throwaway data dir (default: the system temp dir; put it on the disk you care about).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        try (ScratchDirectory root = ScratchDirectory.create(Optional.ofNullable(dir), "beluga-bench-")) {
            new ApiBenchmark(root.path(), clients, duration, watchers, updatesPerSecond, System.out).run();
            return 0;
        }
    }
}
