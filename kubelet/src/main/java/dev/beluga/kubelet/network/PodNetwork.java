package dev.beluga.kubelet.network;

import dev.beluga.client.Kind;
import dev.beluga.client.informer.InformerFactory;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's share of the cluster's pod network across nodes (host-gw, as flannel's backend of that name):
 * its iptables rules (no NAT between pods, masquerade to the outside, FORWARD accepts its pods) and one
 * route per other node. For nodes with real containers only; hollow nodes have no host network to shape.
 */
public final class PodNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodNetwork.class);

    private final NodeRouteKeeper routes;

    private PodNetwork(NodeRouteKeeper routes) {
        this.routes = routes;
    }

    /**
     * Installs the rules, then keeps the routes from a Node informer of {@code informers} (register
     * before the factory starts).
     *
     * @throws IOException when the rules cannot be installed (no iptables, not root): the node's pods
     *                     would have no way out, since the bridge no longer masquerades them
     */
    public static PodNetwork start(InformerFactory informers, PodRoutes.Self self, Ipv4Cidr clusterCidr) throws IOException {
        if (!clusterCidr.contains(self.podCidr())) {
            LOG.warn("this node's podCIDR {} is outside the cluster CIDR {}: its pods reach other nodes' pods only through NAT, "
                    + "and no routes lead to it from them", self.podCidr(), clusterCidr);
        }
        PodNetworkFirewall.ensure(PodNetworkRules.chains(self.podCidr(), clusterCidr));
        NodeRouteKeeper keeper = NodeRouteKeeper.start(informers.informer(Kind.NODES), self, clusterCidr, new KernelRoutes());
        LOG.info("pod network: pods {} not masqueraded within the cluster CIDR {}; routes to other nodes' pods follow the Nodes",
                self.podCidr(), clusterCidr);
        return new PodNetwork(keeper);
    }

    /** Stops following the Nodes; routes and rules stay for the pods that keep running (see {@link PodNetworkFirewall}). */
    @Override
    public void close() {
        routes.close();
    }
}
