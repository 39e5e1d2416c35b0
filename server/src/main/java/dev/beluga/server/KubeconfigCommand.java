package dev.beluga.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `beluga kubeconfig`: prints the admin kubeconfig that `beluga server` wrote. */
@Command(
        name = "kubeconfig",
        mixinStandardHelpOptions = true,
        versionProvider = BelugaVersion.class,
        description = {
            "Print the admin kubeconfig of the server that uses the data directory.",
            "",
            "It holds the cluster CA, the server URL and the admin token, so treat it as a secret."
        },
        footer = {"", "Example:", "  beluga kubeconfig > ~/.kube/beluga.yaml && KUBECONFIG=~/.kube/beluga.yaml kubectl get ns"})
final class KubeconfigCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the server (default: /var/lib/beluga as root, ~/.beluga otherwise).")
    private Optional<Path> dataDir = Optional.empty();

    @Override
    public Integer call() {
        DataDirectory dir = new DataDirectory(dataDir.orElseGet(DataDirectory::defaultPath).toAbsolutePath().normalize());
        Path file = dir.kubeconfig();
        if (!Files.isRegularFile(file)) {
            throw new CommandFailure("no kubeconfig at " + file + ": `beluga server --data-dir " + dir.root()
                    + "` has not run there yet");
        }
        try {
            spec.commandLine().getOut().print(Files.readString(file));
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + e.getMessage());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
