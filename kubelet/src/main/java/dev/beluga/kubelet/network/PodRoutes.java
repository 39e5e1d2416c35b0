package dev.beluga.kubelet.network;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The host-gw pod network as pure functions (flannel's host-gw backend, without a daemon): every other
 * node's podCIDR is reachable through that node's InternalIP, so each node keeps one kernel route per
 * other node. Nodes without a podCIDR or an InternalIP, this node itself (by name or address), and
 * podCIDRs outside the cluster CIDR or overlapping this node's own are left out: such a route would
 * send traffic nowhere useful or shadow the node's own bridge.
 */
public final class PodRoutes {
    private PodRoutes() {}

    /** Who "this node" is: its Node name, InternalIP and podCIDR. */
    public record Self(String nodeName, String nodeIp, Ipv4Cidr podCidr) {}

    /** One route per destination, the destinations in address order; for two nodes with one podCIDR, the first by name wins. */
    public static List<PodRoute> desired(Collection<Node> nodes, Self self, Ipv4Cidr clusterCidr) {
        Map<Ipv4Cidr, PodRoute> routes = new TreeMap<>(Comparator.comparingLong((Ipv4Cidr c) -> Integer.toUnsignedLong(c.network()))
                .thenComparingInt(Ipv4Cidr::prefixLength));
        List<Node> byName = new ArrayList<>(nodes);
        byName.sort(Comparator.comparing(n -> n.getMetadata() == null || n.getMetadata().getName() == null ? "" : n.getMetadata().getName()));
        for (Node node : byName) {
            route(node, self, clusterCidr).ifPresent(r -> routes.putIfAbsent(r.destination(), r));
        }
        return List.copyOf(routes.values());
    }

    private static Optional<PodRoute> route(Node node, Self self, Ipv4Cidr clusterCidr) {
        if (node.getMetadata() == null || self.nodeName().equals(node.getMetadata().getName())) return Optional.empty();
        Optional<Ipv4Cidr> podCidr = podCidr(node);
        Optional<String> ip = internalIp(node);
        if (podCidr.isEmpty() || ip.isEmpty() || ip.get().equals(self.nodeIp())) return Optional.empty();
        if (!clusterCidr.contains(podCidr.get()) || podCidr.get().overlaps(self.podCidr())) return Optional.empty();
        return Optional.of(new PodRoute(podCidr.get(), ip.get()));
    }

    static Optional<Ipv4Cidr> podCidr(Node node) {
        if (node.getSpec() == null || node.getSpec().getPodCIDR() == null) return Optional.empty();
        try {
            return Optional.of(Ipv4Cidr.parse(node.getSpec().getPodCIDR()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // an IPv6 or malformed podCIDR: not a network this IPv4 host-gw routes
        }
    }

    static Optional<String> internalIp(Node node) {
        if (node.getStatus() == null || node.getStatus().getAddresses() == null) return Optional.empty();
        return node.getStatus().getAddresses().stream()
                .filter(a -> "InternalIP".equals(a.getType()))
                .map(NodeAddress::getAddress)
                .filter(a -> a != null && Ipv4Cidr.isAddress(a))
                .findFirst();
    }

    /**
     * The changes from {@code installed} (our routes found in the kernel, by our protocol marker) to
     * {@code desired}: a destination routed through another gateway is replaced, one no longer desired
     * is deleted, one already right is left alone.
     */
    public static RouteChanges changes(List<PodRoute> desired, Collection<PodRoute> installed) {
        Map<Ipv4Cidr, PodRoute> have = new HashMap<>();
        installed.forEach(r -> have.put(r.destination(), r));
        Set<Ipv4Cidr> wanted = new java.util.HashSet<>();
        List<PodRoute> replace = new ArrayList<>();
        for (PodRoute route : desired) {
            wanted.add(route.destination());
            if (!route.equals(have.get(route.destination()))) replace.add(route);
        }
        List<PodRoute> delete = installed.stream().filter(r -> !wanted.contains(r.destination())).distinct().toList();
        return new RouteChanges(replace, delete);
    }
}
