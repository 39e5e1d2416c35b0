package dev.beluga.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code beluga} command. Each subcommand is one class listed in {@code subcommands} below;
 * adding a command is writing that class and adding it to the list.
 */
@Command(
        name = "beluga",
        mixinStandardHelpOptions = true,
        versionProvider = BelugaVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Kubernetes Pods for real, in Java: a Kubernetes-compatible control plane that kubectl drives unchanged.",
            "",
            "Start a single-node cluster with `beluga server`, then point kubectl at the kubeconfig it writes."
        },
        commandListHeading = "%nCommands:%n",
        footer = {"", "Run `beluga COMMAND --help` for the options of one command."},
        subcommands = {
            ServerCommand.class,
            AgentCommand.class,
            KubeconfigCommand.class,
            BenchCommand.class,
            ImagesCommand.class,
            DatastoreCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Beluga implements Runnable {
    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Beluga's error handling, as main runs it (tests use it the same way). */
    static CommandLine commandLine() {
        return new CommandLine(new Beluga()).setExecutionExceptionHandler(new CommandFailureHandler());
    }

    /** Without a subcommand there is nothing to do: say so and show what there is. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }
}
