package dev.beluga.server;

import dev.beluga.client.Client;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.kubelet.KubeletTimings;
import dev.beluga.sim.HollowNodeFleet;
import dev.beluga.sim.SimSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a server runs beside the API, all of it speaking to the API through the in-process Client:
 * the control plane (scheduler and controllers, under leader election), this machine as a node
 * (kubelet on containerd) and hollow nodes. Nodes are closed first, so their pods are not evicted on
 * the way down.
 */
final class ClusterComponents implements AutoCloseable {
    private final Optional<ControlPlane> controlPlane;
    private final Optional<HollowNodeFleet> hollowNodes;
    private final Optional<InformerFactory> nodeInformers;
    private final Optional<LocalNode> localNode;

    private ClusterComponents(Optional<ControlPlane> controlPlane, Optional<HollowNodeFleet> hollowNodes, Optional<InformerFactory> nodeInformers,
                              Optional<LocalNode> localNode) {
        this.controlPlane = controlPlane;
        this.hollowNodes = hollowNodes;
        this.nodeInformers = nodeInformers;
        this.localNode = localNode;
    }

    static ClusterComponents start(Client client, Path dataDir, String host, ClusterSettings settings,
                                   Optional<LocalNode.Credentials> nodeCredentials, Consumer<String> say) {
        Optional<ControlPlane> controlPlane = Optional.empty();
        if (settings.controlPlane()) {
            controlPlane = Optional.of(ControlPlane.start(client, host, settings.controlPlaneSettings()));
            say.accept("scheduler and controllers run while this server holds their Leases in kube-system");
        }
        if (settings.controlPlane() || settings.localNode().isPresent()) {
            // Before the local node starts: its kubelet, as every agent's, learns the cluster CIDR from the API.
            ClusterNetworkConfigMap.publish(client, settings.clusterCidr());
        }
        Optional<LocalNode> localNode = Optional.empty();
        if (settings.localNode().isPresent()) {
            try {
                localNode = Optional.of(LocalNode.start(client, dataDir, nodeName(host), settings.localNode().get(), nodeCredentials.orElseThrow(), say));
            } catch (RuntimeException e) {
                controlPlane.ifPresent(ControlPlane::close);
                throw e;
            }
        }
        if (settings.simNodes() == 0) return new ClusterComponents(controlPlane, Optional.empty(), Optional.empty(), localNode);
        // The hollow kubelets share one pod informer, split by spec.nodeName, instead of a watch each.
        InformerFactory informers = new InformerFactory(client);
        try {
            HollowNodeFleet fleet = HollowNodeFleet.start(client, informers, settings.simNodes(),
                    SimSettings.defaults().withStartLatency(settings.simStartLatency())
                            .withTimings(kubeletTimings(settings.controlPlaneSettings().nodeLifecycle().monitorGracePeriod())));
            say.accept(settings.simNodes() + " hollow node(s) running: " + summary(fleet));
            return new ClusterComponents(controlPlane, Optional.of(fleet), Optional.of(informers), localNode);
        } catch (RuntimeException e) {
            informers.close();
            localNode.ifPresent(LocalNode::close);
            controlPlane.ifPresent(ControlPlane::close);
            throw e;
        }
    }

    /**
     * Upstream's kubelet renews its Lease every 10 s and relies on the grace period (40 s) being several
     * renewals long. A shorter --node-monitor-grace-period (demos, tests) would make healthy hollow nodes
     * look lost, so their kubelets renew four times per grace period instead.
     */
    static KubeletTimings kubeletTimings(Duration grace) {
        KubeletTimings upstream = KubeletTimings.upstream();
        Duration quarter = grace.dividedBy(4);
        if (quarter.compareTo(upstream.leaseRenewInterval()) >= 0) return upstream;
        return new KubeletTimings(quarter, upstream.leaseDurationSeconds(), quarter.compareTo(upstream.nodeStatusUpdateFrequency()) < 0
                ? quarter : upstream.nodeStatusUpdateFrequency(), upstream.nodeStatusReportFrequency(), upstream.syncFrequency(), upstream.relistPeriod());
    }

    private static String summary(HollowNodeFleet fleet) {
        var names = fleet.nodeNames();
        return names.size() <= 5 ? String.join(", ", names) : names.getFirst() + " .. " + names.getLast();
    }

    Optional<HollowNodeFleet> hollowNodes() {
        return hollowNodes;
    }

    Optional<ControlPlane> controlPlane() {
        return controlPlane;
    }

    /** Node names are DNS subdomains: the machine's host name, lower-cased. */
    static String nodeName(String host) {
        return host.toLowerCase(java.util.Locale.ROOT);
    }

    Optional<LocalNode> localNode() {
        return localNode;
    }

    @Override
    public void close() {
        hollowNodes.ifPresent(HollowNodeFleet::close);
        nodeInformers.ifPresent(InformerFactory::close);
        localNode.ifPresent(LocalNode::close);
        controlPlane.ifPresent(ControlPlane::close);
    }
}
