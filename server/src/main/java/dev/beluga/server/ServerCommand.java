package dev.beluga.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `beluga server`: runs the control plane in the foreground until SIGTERM or SIGINT. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        versionProvider = BelugaVersion.class,
        description = {
            "Run the Beluga control plane (the Kubernetes API over HTTPS) in the foreground.",
            "",
            "On first start it makes, in the data directory, a cluster CA, a serving certificate, an admin "
                + "token and kubeconfig.yaml for kubectl; later starts reuse them. Stop it with Ctrl-C or SIGTERM."
        },
        footer = {"", "Example:", "  beluga server --data-dir /tmp/beluga --https-port 16443",
            "  KUBECONFIG=/tmp/beluga/kubeconfig.yaml kubectl get namespaces"})
final class ServerCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--bind-address", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to serve the API on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    private String bindAddress;

    @Option(names = "--https-port", paramLabel = "PORT", defaultValue = "6443",
            description = "Port to serve the API on (default: ${DEFAULT-VALUE}).")
    private int httpsPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the database, keys and kubeconfig live (default: /var/lib/beluga as root, ~/.beluga otherwise).")
    private Optional<Path> dataDir = Optional.empty();

    @Option(names = "--compaction-interval", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "How often storage history older than this is compacted, e.g. 30s, 5m, 1h (default: ${DEFAULT-VALUE}).")
    private Duration compactionInterval;

    @Option(names = "--watch-cache-history", paramLabel = "EVENTS", defaultValue = "10000",
            description = "Recent changes kept in memory so watches can resume from them (default: ${DEFAULT-VALUE}).")
    private int watchCacheHistory;

    /** The settings these options describe; bad combinations are usage errors. */
    ServerSettings settings() {
        try {
            return new ServerSettings(bindAddress.strip(), httpsPort, dataDir.orElseGet(DataDirectory::defaultPath),
                    compactionInterval, watchCacheHistory);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerSettings settings = settings();
        spec.commandLine().getOut().println("beluga " + BelugaVersion.version());
        BelugaServer server = BelugaServer.start(settings, MachineHostname.current(), spec.commandLine().getOut());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "beluga-shutdown"));
        // Serve until the JVM is asked to exit; the hook above then closes everything in order.
        new CountDownLatch(1).await();
        return 0;
    }
}
