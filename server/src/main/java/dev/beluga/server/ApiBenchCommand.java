package dev.beluga.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import dev.beluga.storage.etcd.EtcdSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** `beluga bench api`: durable creates over HTTPS against the raw SQLite floor, and watch fan-out lag. */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = {
            "Starts a throwaway server (temp data dir, loopback, HTTPS) and measures, in one run:",
            "  1. pods created per second over HTTPS by --clients concurrent clients, with p50/p99 latency",
            "     and the CPU per create (this JVM's, and etcd's own when its /metrics is plain HTTP), after",
            "     an unmeasured warm-up of --warm-up (the raw etcd floor gets the same warm-up): the JIT",
            "     compiler spends a young JVM's CPU too, and it is the steady state that is measured;",
            "  2. the raw SQLite insert rate on the same disk (one transaction per insert, and batched as the store batches);",
            "  3. their ratio;",
            "  4. watch fan-out: --watchers watches on one namespace while --updates-per-second updates run; delivery lag p50/p99.",
            "With --datastore-endpoint the server keeps its state in that etcd instead, and 2. is the raw",
            "etcd put-if-absent rate (jetcd transactions, --clients in flight) on the same etcd. All keys go",
            "under a throwaway prefix, deleted at the end (--datastore-prefix is not used); then etcd is",
            "compacted to the revision of that deletion: the run writes hundreds of thousands of revisions and",
            "etcd slows down with uncompacted history (a beluga server on that etcd compacts every interval",
            "anyway). Clients watching that etcd from an older revision get 410 Expired and relist, as upstream.",
            "Every request goes to 127.0.0.1 only; every phase is bounded in time."})
final class ApiBenchCommand implements Callable<Integer> {
    @Option(names = "--clients", defaultValue = "16", description = "Concurrent creating clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long each throughput phase runs (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warm-up", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long the unmeasured phases run before the measured ones (default: ${DEFAULT-VALUE}). After 10 s, "
                    + "the JIT compiler's threads were still about 30%% of the JVM's CPU in the measured create phase; after 25 s, under 10%%.")
    Duration warmUp;

    @Option(names = "--watchers", defaultValue = "1000", description = "Concurrent watches in the fan-out phase (default: ${DEFAULT-VALUE}).")
    int watchers;

    @Option(names = "--updates-per-second", defaultValue = "100", description = "Update rate in the fan-out phase (default: ${DEFAULT-VALUE}).")
    int updatesPerSecond;

    @Mixin
    DatastoreOptions datastore = new DatastoreOptions();

    @Option(names = "--dir", description = "Where to put the throwaway data dir (default: the system temp dir; put it on the disk you care about).")
    Path dir;

    @Spec
    CommandSpec spec;

    private Optional<EtcdSettings> etcd() {
        try {
            return datastore.datastore().map(d -> switch (d) {
                case Datastore.Etcd e -> e.settings();
                case Datastore.Sqlite sqlite -> throw new IllegalStateException("the SQLite store is the default, not an option");
            });
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        try (ScratchDirectory root = ScratchDirectory.create(Optional.ofNullable(dir), "beluga-bench-")) {
            Optional<EtcdSettings> etcd = etcd();
            new ApiBenchmark(root.path(), clients, duration, warmUp, watchers, updatesPerSecond, System.out, etcd).run();
            return 0;
        }
    }
}
