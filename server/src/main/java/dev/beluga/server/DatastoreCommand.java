package dev.beluga.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `beluga datastore`: the commands that act on the cluster's stored state rather than on a running server. */
@Command(
        name = "datastore",
        mixinStandardHelpOptions = true,
        versionProvider = BelugaVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Back up and restore the cluster's state, on SQLite (the default) or etcd (--datastore-endpoint).",
            "",
            "A snapshot is one portable file (every API object at one revision, gzip, SHA-256), so a snapshot of",
            "either backend restores into either: a backup, and the way from SQLite to etcd."
        },
        commandListHeading = "%nCommands:%n",
        subcommands = {DatastoreSnapshotCommand.class, DatastoreRestoreCommand.class})
final class DatastoreCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: snapshot or restore");
    }
}
