package dev.beluga.server;

import dev.beluga.client.leader.LeaderTimings;
import dev.beluga.controller.nodelifecycle.NodeLifecycleSettings;
import dev.beluga.controller.podgc.PodGcSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `beluga server`: runs the control plane in the foreground until SIGTERM or SIGINT. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        versionProvider = BelugaVersion.class,
        description = {
            "Run the Beluga control plane in the foreground: the Kubernetes API over HTTPS, the scheduler and the "
                + "controllers (Deployments, ReplicaSets, StatefulSets, garbage collection, namespaces, node lifecycle).",
            "",
            "On first start it makes, in the data directory, a cluster CA, a serving certificate, an admin "
                + "token and kubeconfig.yaml for kubectl; later starts reuse them. Stop it with Ctrl-C or SIGTERM.",
            "",
            "With --datastore-endpoint the state lives in etcd, and several servers (each with its own --data-dir, "
                + "--https-port and --node-name) serve one cluster: the first stores its CA and admin token in etcd, "
                + "the others adopt them."
        },
        footer = {"", "Examples:", "  beluga server --data-dir /tmp/beluga --https-port 16443",
            "  KUBECONFIG=/tmp/beluga/kubeconfig.yaml kubectl get namespaces",
            "  beluga server --data-dir /tmp/sim --sim-nodes 3     # three hollow nodes for a demo",
            "  beluga server --datastore-endpoint http://127.0.0.1:2379 --data-dir /tmp/b --https-port 6444 --node-name b --disable-agent"})
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

    @Option(names = "--sim-nodes", paramLabel = "N", defaultValue = "0",
            description = "Hollow nodes to run in this process: simulated kubelets whose containers only pretend to run, "
                    + "for demos and capacity planning (default: ${DEFAULT-VALUE}).")
    private int simNodes;

    @Option(names = "--sim-start-latency", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.OrZero.class,
            description = "How long a hollow node's container takes to start (default: ${DEFAULT-VALUE}).")
    private Duration simStartLatency;

    @Option(names = "--node-monitor-grace-period", paramLabel = "DURATION", defaultValue = "40s", converter = DurationConverter.class,
            description = "How long a node may go without renewing its Lease before it is marked Unknown and tainted "
                    + "unreachable (default: ${DEFAULT-VALUE}).")
    private Duration nodeMonitorGracePeriod;

    @Option(names = "--default-not-ready-toleration-seconds", paramLabel = "SECONDS", defaultValue = "300",
            description = "tolerationSeconds given to pods for node.kubernetes.io/not-ready:NoExecute (default: ${DEFAULT-VALUE}).")
    private long notReadyTolerationSeconds;

    @Option(names = "--default-unreachable-toleration-seconds", paramLabel = "SECONDS", defaultValue = "300",
            description = "tolerationSeconds given to pods for node.kubernetes.io/unreachable:NoExecute (default: ${DEFAULT-VALUE}).")
    private long unreachableTolerationSeconds;

    @Option(names = "--terminated-pod-gc-threshold", paramLabel = "N", defaultValue = "12500",
            description = "Terminated pods kept before the oldest are deleted; 0 keeps all (default: ${DEFAULT-VALUE}).")
    private int terminatedPodGcThreshold;

    @Option(names = "--leader-elect-lease-duration", paramLabel = "DURATION", defaultValue = "15s", converter = DurationConverter.class,
            description = "How long the scheduler's and controllers' Leases last without renewal (default: ${DEFAULT-VALUE}).")
    private Duration leaseDuration;

    @Option(names = "--leader-elect-renew-deadline", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long the leader keeps trying to renew before it steps down (default: ${DEFAULT-VALUE}).")
    private Duration renewDeadline;

    @Option(names = "--leader-elect-retry-period", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How often candidates try to take or renew a Lease (default: ${DEFAULT-VALUE}).")
    private Duration retryPeriod;

    @Option(names = "--disable-agent", defaultValue = "false",
            description = "Run no node in this process: no kubelet, no containerd (the control plane alone, or with --sim-nodes).")
    private boolean disableAgent;

    @Option(names = "--container-runtime-endpoint", paramLabel = "SOCKET",
            description = "Use this running CRI runtime's unix socket instead of starting a managed containerd.")
    private Optional<Path> runtimeEndpoint = Optional.empty();

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "This server's Node name and leader-election identity, as upstream's kubelet --hostname-override "
                    + "(default: this machine's host name). Several servers on one machine and one datastore each need their own.")
    private Optional<String> nodeName = Optional.empty();

    @Option(names = "--node-ip", paramLabel = "ADDRESS",
            description = "This node's InternalIP (default: the machine's first non-loopback IPv4 address).")
    private Optional<String> nodeIp = Optional.empty();

    @Option(names = "--pod-cidr", paramLabel = "CIDR", defaultValue = NodeSettings.DEFAULT_POD_CIDR,
            description = "The node's pod network; the CNI bridge hands pod IPs out of it (default: ${DEFAULT-VALUE}).")
    private String podCidr;

    @Option(names = "--cluster-cidr", paramLabel = "CIDR", defaultValue = ClusterSettings.DEFAULT_CLUSTER_CIDR,
            description = "The pod network of the whole cluster, holding every node's --pod-cidr: traffic between pods in it is "
                    + "not masqueraded, and each node routes the other nodes' pod CIDRs to them (default: ${DEFAULT-VALUE}). Agents learn it from the server.")
    private String clusterCidr;

    @Option(names = "--kubelet-port", paramLabel = "PORT", defaultValue = "10250",
            description = "The kubelet's HTTPS port, through which the API server reads logs (default: ${DEFAULT-VALUE}).")
    private int kubeletPort;

    @Option(names = "--pod-manifest-path", paramLabel = "DIR",
            description = "The folder of static pod manifests the kubelet runs itself, with mirror pods in the API (default: <data-dir>/pod-manifests, created at start).")
    private Optional<Path> podManifestPath = Optional.empty();

    @Mixin
    private DatastoreOptions datastore = new DatastoreOptions();

    /** The settings these options describe; bad combinations are usage errors. */
    ServerSettings settings() {
        try {
            ControlPlaneSettings controlPlane = new ControlPlaneSettings(
                    new LeaderTimings(leaseDuration, renewDeadline, retryPeriod),
                    NodeLifecycleSettings.withGracePeriod(nodeMonitorGracePeriod),
                    new PodGcSettings(terminatedPodGcThreshold, PodGcSettings.DEFAULTS.quarantine(), PodGcSettings.DEFAULTS.period()));
            Optional<NodeSettings> node = disableAgent ? Optional.empty()
                    : Optional.of(new NodeSettings(runtimeEndpoint, nodeIp.map(String::strip), podCidr.strip(), kubeletPort, podManifestPath));
            ClusterSettings cluster = new ClusterSettings(true, controlPlane, notReadyTolerationSeconds, unreachableTolerationSeconds,
                    simNodes, simStartLatency, node, clusterCidr.strip());
            return new ServerSettings(bindAddress.strip(), httpsPort, dataDir.orElseGet(DataDirectory::defaultPath),
                    compactionInterval, watchCacheHistory, cluster, datastore.datastore(), nodeName);
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
