package dev.beluga.server;

import dev.beluga.storage.StorageException;
import dev.beluga.storage.Store;
import dev.beluga.storage.snapshot.SnapshotSummary;
import dev.beluga.storage.snapshot.StoreSnapshot;
import dev.beluga.storage.sqlite.SqliteSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `beluga datastore snapshot FILE`: every API object at one revision into one file, while the servers keep running. */
@Command(
        name = "snapshot",
        mixinStandardHelpOptions = true,
        versionProvider = BelugaVersion.class,
        description = {
            "Write every API object of the cluster, read at one revision, to FILE.",
            "",
            "Safe while servers run: it never stops or blocks them. The file is owner-only (it holds Secrets);",
            "it does not hold the data dir's pki/ and admin.token, which `beluga server` keeps beside the store.",
            "Restore it with `beluga datastore restore FILE`, into SQLite or etcd."
        },
        footer = {"", "Examples:",
            "  beluga datastore snapshot /backup/beluga-$(date +%%F).snap",
            "  beluga datastore snapshot --datastore-endpoint http://127.0.0.1:2379 /backup/cluster.snap"})
final class DatastoreSnapshotCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the snapshot (replaced if present).")
    private Path file;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory whose SQLite store to read, without --datastore-endpoint (default: /var/lib/beluga as root, ~/.beluga otherwise).")
    private Optional<Path> dataDir = Optional.empty();

    @Mixin
    private DatastoreOptions datastoreOptions = new DatastoreOptions();

    @Override
    public Integer call() {
        Datastore datastore = datastore();
        SnapshotSummary summary;
        try {
            summary = switch (datastore) {
                case Datastore.Sqlite sqlite -> SqliteSnapshot.save(sqlite.file(), file);
                case Datastore.Etcd etcd -> {
                    try (Store store = etcd.open()) {
                        yield StoreSnapshot.save(store, "etcd", file);
                    }
                }
            };
        } catch (StorageException e) {
            throw new CommandFailure("cannot take a snapshot of " + datastore.describe() + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("beluga: snapshot of " + datastore.describe() + " at revision " + summary.header().revision() + ": "
                + summary.count() + " keys, " + size(file) + " bytes, sha256 " + summary.sha256());
        out.println("beluga: wrote " + file.toAbsolutePath());
        out.flush();
        return 0;
    }

    private Datastore datastore() {
        try {
            return datastoreOptions.datastore().orElseGet(() -> new Datastore.Sqlite(
                    new DataDirectory(dataDir.orElseGet(DataDirectory::defaultPath).toAbsolutePath().normalize()).database()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
