package dev.beluga.kubelet.network;

import java.util.ArrayList;
import java.util.List;

/**
 * The iptables rules of a node's pod network, as a pure function of its podCIDR and the cluster CIDR
 * (what flannel's host-gw setup installs beside the CNI bridge, whose own ipMasq is off):
 * <ul>
 *   <li>nat: traffic from this node's pods to any pod of the cluster (the cluster CIDR) keeps its source
 *       address, as the Kubernetes network model requires (no NAT between pods); traffic to anywhere else
 *       is masqueraded behind the node's address, as the bridge plugin's ipMasq did (multicast excepted);</li>
 *   <li>filter: the FORWARD chain accepts traffic from and to this node's pods, ahead of whatever may drop
 *       it (Docker sets FORWARD's policy to DROP).</li>
 * </ul>
 * Chains are named after the podCIDR, so two nodes on one machine (tests) keep apart and a restarted node
 * finds its own chains again.
 */
public final class PodNetworkRules {
    private static final String MULTICAST = "224.0.0.0/4";

    private PodNetworkRules() {}

    public static List<IptablesChain> chains(Ipv4Cidr podCidr, Ipv4Cidr clusterCidr) {
        String pods = podCidr.toString();
        List<List<String>> nat = new ArrayList<>();
        nat.add(List.of("-s", pods, "-d", clusterCidr.toString(), "-m", "comment", "--comment", "pod to pod: no NAT", "-j", "RETURN"));
        if (!clusterCidr.contains(podCidr)) {
            nat.add(List.of("-s", pods, "-d", pods, "-m", "comment", "--comment", "pod to pod: no NAT", "-j", "RETURN"));
        }
        nat.add(List.of("-s", pods, "!", "-d", MULTICAST, "-m", "comment", "--comment", "pods to outside the cluster", "-j", "MASQUERADE"));
        List<List<String>> forward = List.of(
                List.of("-s", pods, "-m", "comment", "--comment", "from this node's pods", "-j", "ACCEPT"),
                List.of("-d", pods, "-m", "comment", "--comment", "to this node's pods", "-j", "ACCEPT"));
        String suffix = pods.replace('.', '-').replace('/', '-');
        return List.of(
                new IptablesChain("nat", "BLG-MASQ-" + suffix, "POSTROUTING", false, nat),
                new IptablesChain("filter", "BLG-FWD-" + suffix, "FORWARD", true, forward));
    }
}
