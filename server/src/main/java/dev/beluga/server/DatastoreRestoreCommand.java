package dev.beluga.server;

import dev.beluga.storage.StorageException;
import dev.beluga.storage.Store;
import dev.beluga.storage.snapshot.InvalidSnapshotException;
import dev.beluga.storage.snapshot.RestoreOutcome;
import dev.beluga.storage.snapshot.StoreRestore;
import dev.beluga.storage.sqlite.SqliteRestore;
import dev.beluga.storage.sqlite.StoreInUseException;
import java.io.PrintWriter;
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

/** `beluga datastore restore FILE`: a snapshot back into an empty (or, with --force, emptied) store. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        versionProvider = BelugaVersion.class,
        description = {
            "Put the API objects of a snapshot FILE into the store: the SQLite file of --data-dir, or etcd.",
            "",
            "Stop every server using the store first (on SQLite a running server makes the restore fail).",
            "The whole file is checked before the store changes; a damaged file changes nothing.",
            "SQLite gets the objects with their resourceVersions as in the snapshot; etcd cannot set revisions,",
            "so there every object gets a new resourceVersion above the snapshot's. Either way every older",
            "resourceVersion is compacted: clients that cached one get 410 Gone and list again."
        },
        footer = {"", "Examples:",
            "  beluga datastore restore --data-dir /var/lib/beluga-new /backup/cluster.snap",
            "  beluga datastore restore --datastore-endpoint http://127.0.0.1:2379 /backup/cluster.snap   # SQLite -> etcd too"})
final class DatastoreRestoreCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The snapshot, as `beluga datastore snapshot` wrote it.")
    private Path file;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory whose SQLite store to restore into, without --datastore-endpoint (default: /var/lib/beluga as root, ~/.beluga otherwise).")
    private Optional<Path> dataDir = Optional.empty();

    @Option(names = "--force", description = "Replace what the store holds (on etcd: delete every key under the prefix first).")
    private boolean force;

    @Option(names = "--bump-revision", paramLabel = "N", defaultValue = "0",
            description = "Start the restored store N revisions past the highest of the snapshot's and the replaced store's, for clients that"
                    + " saw writes made after the snapshot (default: ${DEFAULT-VALUE}). Free on SQLite; on etcd it costs N writes.")
    private long bumpRevision;

    @Mixin
    private DatastoreOptions datastoreOptions = new DatastoreOptions();

    @Override
    public Integer call() {
        if (bumpRevision < 0) {
            throw new ParameterException(spec.commandLine(), "--bump-revision must not be negative");
        }
        Datastore datastore = datastore();
        RestoreOutcome outcome;
        try {
            outcome = switch (datastore) {
                case Datastore.Sqlite sqlite -> SqliteRestore.restore(sqlite.file(), file, force, bumpRevision);
                case Datastore.Etcd etcd -> {
                    try (Store store = etcd.open()) {
                        yield StoreRestore.restore(store, file, force, bumpRevision);
                    }
                }
            };
        } catch (InvalidSnapshotException e) {
            throw new CommandFailure(e.getMessage() + "; nothing was restored", e);
        } catch (StoreInUseException e) {
            throw new CommandFailure(e.getMessage() + ": stop it before restoring; nothing was restored", e);
        } catch (StorageException e) {
            throw new CommandFailure("cannot restore into " + datastore.describe() + ": " + e.getMessage(), e);
        }
        return switch (outcome) {
            case RestoreOutcome.NotEmpty notEmpty -> throw new CommandFailure(datastore.describe() + " holds " + notEmpty.keys()
                    + " keys; restore into an empty store, or add --force to replace them; nothing was restored");
            case RestoreOutcome.Restored restored -> {
                PrintWriter out = spec.commandLine().getOut();
                out.println("beluga: restored " + restored.snapshot().count() + " keys of " + file.toAbsolutePath() + " (a snapshot of "
                        + restored.snapshot().header().source() + " at revision " + restored.snapshot().header().revision() + ", taken "
                        + restored.snapshot().header().createdAt() + ") into " + datastore.describe());
                out.println("beluga: store revision now " + restored.revision() + "; resourceVersions up to " + restored.compacted()
                        + " are compacted, so clients that cached older ones list again");
                out.println(datastore instanceof Datastore.Etcd
                        ? "beluga: restart every beluga server on this etcd, so their watch caches read the restored state"
                        : "beluga: start the server with this data dir; keep its pki/ and admin.token so handed-out kubeconfigs still work");
                out.flush();
                yield 0;
            }
        };
    }

    private Datastore datastore() {
        try {
            Optional<Datastore> etcd = datastoreOptions.datastore();
            if (etcd.isPresent()) {
                return etcd.get();
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return new Datastore.Sqlite(DataDirectory.prepare(dataDir.orElseGet(DataDirectory::defaultPath)).database());
    }
}
