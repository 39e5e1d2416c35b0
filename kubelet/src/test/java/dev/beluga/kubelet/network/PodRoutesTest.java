package dev.beluga.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodRoutesTest {
    private static final Ipv4Cidr CLUSTER = Ipv4Cidr.parse("10.93.0.0/16");
    private static final PodRoutes.Self SELF = new PodRoutes.Self("a", "192.168.1.1", Ipv4Cidr.parse("10.93.0.0/24"));

    private static Node node(String name, String podCidr, String ip) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
        if (podCidr != null) b.withNewSpec().withPodCIDR(podCidr).endSpec();
        if (ip != null) b.withNewStatus().addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .addNewAddress().withType("InternalIP").withAddress(ip).endAddress().endStatus();
        return b.build();
    }

    private static PodRoute route(String cidr, String via) {
        return new PodRoute(Ipv4Cidr.parse(cidr), via);
    }

    @Test
    void oneRoutePerOtherNodeThroughItsInternalIpInAddressOrder() {
        List<PodRoute> routes = PodRoutes.desired(List.of(
                node("c", "10.93.2.0/24", "192.168.1.3"),
                node("a", "10.93.0.0/24", "192.168.1.1"),
                node("b", "10.93.1.0/24", "192.168.1.2")), SELF, CLUSTER);
        assertThat(routes).containsExactly(route("10.93.1.0/24", "192.168.1.2"), route("10.93.2.0/24", "192.168.1.3"));
    }

    @Test
    void nodesWithoutPodCidrOrAddressOrSharingOurAddressOrOutsideTheClusterAreSkipped() {
        List<PodRoute> routes = PodRoutes.desired(List.of(
                node("no-cidr", null, "192.168.1.4"),
                node("no-ip", "10.93.4.0/24", null),
                node("same-ip", "10.93.5.0/24", "192.168.1.1"),
                node("outside", "10.244.0.0/24", "192.168.1.6"),
                node("overlapping", "10.93.0.128/25", "192.168.1.7"),
                node("ipv6", "fd00::/64", "192.168.1.8"),
                node("ok", "10.93.9.0/24", "192.168.1.9")), SELF, CLUSTER);
        assertThat(routes).containsExactly(route("10.93.9.0/24", "192.168.1.9"));
    }

    @Test
    void twoNodesClaimingOnePodCidrGiveOneRouteThroughTheFirstByName() {
        List<PodRoute> routes = PodRoutes.desired(List.of(node("y", "10.93.1.0/24", "192.168.1.20"), node("x", "10.93.1.0/24", "192.168.1.10")),
                SELF, CLUSTER);
        assertThat(routes).containsExactly(route("10.93.1.0/24", "192.168.1.10"));
    }

    @Test
    void changesReplaceNewAndMovedRoutesDeleteStaleOnesAndLeaveRightOnesAlone() {
        List<PodRoute> desired = List.of(route("10.93.1.0/24", "192.168.1.2"), route("10.93.2.0/24", "192.168.1.30"), route("10.93.3.0/24", "192.168.1.4"));
        List<PodRoute> installed = List.of(route("10.93.1.0/24", "192.168.1.2"), route("10.93.2.0/24", "192.168.1.3"), route("10.93.7.0/24", "192.168.1.7"));
        RouteChanges changes = PodRoutes.changes(desired, installed);
        assertThat(changes.replace()).containsExactly(route("10.93.2.0/24", "192.168.1.30"), route("10.93.3.0/24", "192.168.1.4"));
        assertThat(changes.delete()).containsExactly(route("10.93.7.0/24", "192.168.1.7"));
        assertThat(PodRoutes.changes(desired, desired).isEmpty()).isTrue();
        assertThat(PodRoutes.changes(List.of(), installed).delete()).containsExactlyElementsOf(installed);
    }

    @Test
    void cidrsClearHostBitsAndCompareByContainment() {
        assertThat(Ipv4Cidr.parse("10.93.1.7/24")).isEqualTo(Ipv4Cidr.parse("10.93.1.0/24"));
        assertThat(CLUSTER.contains(Ipv4Cidr.parse("10.93.200.0/24"))).isTrue();
        assertThat(CLUSTER.contains(Ipv4Cidr.parse("10.92.0.0/24"))).isFalse();
        assertThat(Ipv4Cidr.parse("10.93.1.0/24").contains(CLUSTER)).isFalse();
        assertThat(Ipv4Cidr.parse("10.93.1.0/24").overlaps(CLUSTER)).isTrue();
        assertThat(Ipv4Cidr.parse("0.0.0.0/0").contains("255.1.2.3")).isTrue();
        assertThat(Ipv4Cidr.isAddress("10.1.2")).isFalse();
        assertThat(Ipv4Cidr.isAddress("10.1.2.256")).isFalse();
        assertThat(Ipv4Cidr.isAddress("10.1.2.-1")).isFalse();
    }
}
