package dev.beluga.server;

import dev.beluga.client.Client;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.cri.ContainerdSettings;
import dev.beluga.cri.CriRuntime;
import dev.beluga.cri.ManagedContainerd;
import dev.beluga.cri.images.ImageArchives;
import dev.beluga.cri.images.ImageImporter;
import dev.beluga.cri.images.ImageLoadReport;
import dev.beluga.kubelet.InformerPodSource;
import dev.beluga.kubelet.Kubelet;
import dev.beluga.kubelet.KubeletConfig;
import dev.beluga.kubelet.MachineInfo;
import dev.beluga.kubelet.network.Ipv4Cidr;
import dev.beluga.kubelet.network.PodNetwork;
import dev.beluga.kubelet.network.PodRoutes;
import dev.beluga.apiserver.KubeletClientConfig;
import dev.beluga.kubelet.server.KubeletServer;
import dev.beluga.kubelet.server.KubeletServerConfig;
import dev.beluga.kubelet.server.KubeletServingIdentity;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A node of this machine, in `beluga server` or `beluga agent`: a managed containerd (or an existing CRI socket), the project's images
 * imported from the data directory's airgap folder, a kubelet on it registered as a Node named after
 * this machine, and the kubelet's HTTPS endpoint (logs). Closing stops the kubelet and containerd but leaves running containers to their
 * shims, so pods survive a server restart and are re-adopted.
 */
final class LocalNode implements AutoCloseable {
    private final ManagedContainerd containerd;
    private final CriRuntime runtime;
    private final InformerFactory informers;
    private final Kubelet kubelet;
    private final KubeletServer server;
    private final PodNetwork network;

    private LocalNode(ManagedContainerd containerd, CriRuntime runtime, InformerFactory informers, Kubelet kubelet, KubeletServer server,
                      PodNetwork network) {
        this.containerd = containerd;
        this.runtime = runtime;
        this.informers = informers;
        this.kubelet = kubelet;
        this.server = server;
        this.network = network;
    }

    /**
     * What the API server and a node's kubelet server agree on: the node's address, the kubelet's
     * serving certificate (self-signed, made at each start) and the token the API server presents to it
     * — the cluster's admin token, which every node (agents included) is given to join.
     */
    record Credentials(String nodeIp, KubeletServingIdentity identity, String token) {
        /**
         * How the API server calls kubelets. Like upstream without --kubelet-certificate-authority, it
         * does not verify kubelets' self-signed certificates; they verify its token.
         */
        static KubeletClientConfig forApiServer(String token) {
            return new KubeletClientConfig(token, Optional.empty());
        }
    }

    static Credentials credentials(String nodeName, NodeSettings settings, String clusterToken) {
        String nodeIp = settings.nodeIp().orElseGet(LocalNode::firstNonLoopbackIpv4);
        return new Credentials(nodeIp, KubeletServingIdentity.selfSigned(nodeName, List.of(nodeIp), Instant.now()), clusterToken);
    }

    static LocalNode start(Client client, Path dataDir, String nodeName, NodeSettings settings, Credentials credentials, Consumer<String> say) {
        ManagedContainerd containerd = startContainerd(dataDir, settings, say);
        CriRuntime runtime = null;
        InformerFactory informers = null;
        KubeletServer server = null;
        PodNetwork network = null;
        try {
            ImageLoadReport images = new ImageArchives(dataDir.resolve("images"))
                    .load(ContainerdSettings.PAUSE_IMAGE, new ImageImporter(containerd.socketPath()), Duration.ofSeconds(60));
            images.failures().forEach(f -> say.accept("image archive not imported: " + f));
            if (!images.notListed().isEmpty()) say.accept("images imported but not yet listed by CRI: " + images.notListed());
            runtime = containerd.connect();
            informers = new InformerFactory(client);
            String nodeIp = credentials.nodeIp();
            // The server first: the Node must report the port it actually bound (--kubelet-port 0 picks one).
            server = KubeletServer.start(new KubeletServerConfig(nodeIp, settings.kubeletPort(), credentials.identity(), credentials.token()));
            KubeletConfig config = KubeletConfig.of(nodeName, nodeIp, settings.podCidr(), HostCapacity.of(dataDir), MachineInfo.ofThisHost())
                    .withKubeletPort(server.port()).withPodManifestPath(settings.manifestFolder(dataDir));
            // Pod directories (volumes, /etc/hosts) under the data dir, so they outlive a restart that re-adopts the pods.
            config = config.withPodSettings(config.podSettings().withRootDir(dataDir.resolve("kubelet")));
            Kubelet kubelet = Kubelet.start(client, config, runtime, new InformerPodSource(informers, nodeName));
            server.serve(kubelet.containerLogs());
            server.serveStreams(kubelet.podsByName(), new dev.beluga.cri.CriStreaming(runtime));
            network = startPodNetwork(client, informers, new PodRoutes.Self(nodeName, nodeIp, Ipv4Cidr.parse(settings.podCidr())), say);
            informers.start();
            say.accept("node " + nodeName + " (" + nodeIp + ", pods " + settings.podCidr() + ") runs pods on containerd at " + containerd.socketPath()
                    + "; kubelet on https://" + nodeIp + ":" + server.port());
            return new LocalNode(containerd, runtime, informers, kubelet, server, network);
        } catch (RuntimeException e) {
            if (network != null) network.close();
            if (server != null) server.close();
            if (informers != null) informers.close();
            if (runtime != null) runtime.close();
            containerd.close();
            throw e;
        }
    }

    /**
     * Pod traffic across nodes (host-gw): no NAT inside the cluster CIDR the server publishes, a route per
     * other node. Without its rules the node's pods could not leave it (the bridge does not masquerade).
     */
    private static PodNetwork startPodNetwork(Client client, InformerFactory informers, PodRoutes.Self self, Consumer<String> say) {
        Ipv4Cidr clusterCidr = ClusterNetworkConfigMap.read(client, Duration.ofSeconds(30));
        try {
            PodNetwork network = PodNetwork.start(informers, self, clusterCidr);
            say.accept("pod network: cluster CIDR " + clusterCidr + ", no NAT between pods, routes to other nodes' pods through their InternalIP");
            return network;
        } catch (IOException e) {
            throw new CommandFailure("cannot set up this node's pod network (iptables, ip_forward): " + e.getMessage(), e);
        }
    }

    private static ManagedContainerd startContainerd(Path dataDir, NodeSettings settings, Consumer<String> say) {
        if (settings.runtimeEndpoint().isPresent()) return ManagedContainerd.existing(settings.runtimeEndpoint().get());
        try {
            return ManagedContainerd.start(ContainerdSettings.of(dataDir.resolve("containerd"), settings.podCidr()));
        } catch (IOException e) {
            throw new CommandFailure("cannot start containerd for this node: " + e.getMessage()
                    + " (run as root with the Debian packages of scripts/lib/packages.sh, point --container-runtime-endpoint at a CRI socket, "
                    + "or run without a node: --disable-agent)", e);
        }
    }

    /** Upstream's kubelet picks the first non-loopback address when --node-ip is not given. */
    static String firstNonLoopbackIpv4() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual() || nic.getName().startsWith("bl") || nic.getName().startsWith("veth")) continue;
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) return address.getHostAddress();
                }
            }
        } catch (SocketException e) {
            // Fall back to loopback: a machine without interfaces still runs a single-node cluster.
        }
        return "127.0.0.1";
    }

    String nodeName() {
        return kubelet.nodeName();
    }

    @Override
    public void close() {
        network.close();
        server.close();
        kubelet.close();
        informers.close();
        runtime.close();
        containerd.close();
    }
}
