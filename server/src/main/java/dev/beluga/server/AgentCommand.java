package dev.beluga.server;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.http.ClusterConnection;
import dev.beluga.client.http.HttpTransport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `beluga agent`: this machine joins a cluster as a node (kubelet on a managed containerd), talking to the server over HTTPS. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        versionProvider = BelugaVersion.class,
        description = {
            "Join this machine to a Beluga cluster as a node, in the foreground: starts a managed containerd, imports the "
                + "project's images, registers the Node and runs its pods. Stop it with Ctrl-C or SIGTERM (running "
                + "containers keep running and are re-adopted at the next start).",
            "",
            "The token is the cluster's admin token (the `token:` of `beluga kubeconfig` on the server). Each node needs "
                + "its own --pod-cidr."
        },
        footer = {"", "Example:", "  beluga agent --server https://10.0.0.1:6443 --token $(cat token) \\",
            "      --certificate-authority ca.crt --pod-cidr 10.88.1.0/24 --data-dir /var/lib/beluga-agent"})
final class AgentCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The API server, e.g. https://10.0.0.1:6443.")
    private String server;

    @Option(names = "--token", required = true, paramLabel = "TOKEN", description = "The cluster's token.")
    private String token;

    @Option(names = "--certificate-authority", paramLabel = "FILE",
            description = "PEM file of the cluster CA that signs the server's certificate (the server's <data-dir>/pki/ca.crt).")
    private Optional<Path> certificateAuthority = Optional.empty();

    @Option(names = "--insecure-skip-tls-verify", defaultValue = "false",
            description = "Do not verify the server's certificate (tests only).")
    private boolean insecure;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where containerd's state and the image archives live (default: /var/lib/beluga-agent as root, ~/.beluga-agent otherwise).")
    private Optional<Path> dataDir = Optional.empty();

    @Option(names = "--node-name", paramLabel = "NAME", description = "The Node's name (default: this machine's host name).")
    private Optional<String> nodeName = Optional.empty();

    @Option(names = "--container-runtime-endpoint", paramLabel = "SOCKET",
            description = "Use this running CRI runtime's unix socket instead of starting a managed containerd.")
    private Optional<Path> runtimeEndpoint = Optional.empty();

    @Option(names = "--node-ip", paramLabel = "ADDRESS",
            description = "This node's InternalIP, which the API server connects to for logs (default: the machine's first non-loopback IPv4 address).")
    private Optional<String> nodeIp = Optional.empty();

    @Option(names = "--pod-cidr", required = true, paramLabel = "CIDR",
            description = "This node's pod network, distinct from every other node's (e.g. 10.88.1.0/24).")
    private String podCidr;

    @Option(names = "--kubelet-port", paramLabel = "PORT", defaultValue = "10250",
            description = "The kubelet's HTTPS port (default: ${DEFAULT-VALUE}).")
    private int kubeletPort;

    @Override
    public Integer call() throws InterruptedException {
        ClusterConnection connection = connection();
        NodeSettings settings;
        try {
            settings = new NodeSettings(runtimeEndpoint, nodeIp.map(String::strip), podCidr.strip(), kubeletPort);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path dir = dataDir.orElseGet(AgentCommand::defaultDataDir);
        String name = ClusterComponents.nodeName(nodeName.orElseGet(() -> MachineHostname.current().orElse("localhost")));
        var out = spec.commandLine().getOut();
        HttpTransport client = new HttpTransport(connection);
        try {
            // Fail early and clearly on a wrong URL, CA or token, before containerd starts.
            client.list(Kind.NAMESPACES, "", ListRequest.ALL.page(1, ""));
        } catch (StatusException e) {
            client.close();
            throw new CommandFailure("cannot reach the API server at " + server + ": " + e.getMessage(), e);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            client.close();
            throw new CommandFailure("cannot use data directory " + dir + ": " + e.getMessage(), e);
        }
        LocalNode node;
        try {
            node = LocalNode.start(client, dir, name, settings, LocalNode.credentials(name, settings, token),
                    line -> {
                        out.println("beluga: " + line);
                        out.flush();
                    });
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        out.println("beluga: ready; node " + name + " joined " + server);
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            client.close();
        }, "beluga-agent-shutdown"));
        new CountDownLatch(1).await();
        return 0;
    }

    private ClusterConnection connection() {
        try {
            ClusterConnection c = ClusterConnection.of(URI.create(server.strip()), token.strip());
            if (insecure) return new ClusterConnection(c.server(), Optional.empty(), c.token(), true);
            if (certificateAuthority.isPresent()) return c.withCaCertificate(Files.readString(certificateAuthority.get()));
            return c;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read --certificate-authority " + certificateAuthority.get() + ": " + e.getMessage());
        }
    }

    private static Path defaultDataDir() {
        return ProcessUser.isRoot() ? Path.of("/var/lib/beluga-agent") : Path.of(System.getProperty("user.home"), ".beluga-agent");
    }
}
