package dev.beluga.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelRoutesTest {
    @Test
    void parsesGatewayRoutesOfIpRouteShowAndIgnoresTheRest() {
        String out = """
                10.93.1.0/24 via 10.93.255.2 dev veth0\s
                10.93.2.0/24 via 10.93.255.3 dev veth0 metric 5
                10.93.9.9 via 10.93.255.4 dev veth0
                10.93.3.0/24 dev blabc scope link
                default via 192.0.2.1 dev eth0
                """;
        assertThat(KernelRoutes.parse(out)).containsExactly(
                new PodRoute(Ipv4Cidr.parse("10.93.1.0/24"), "10.93.255.2"),
                new PodRoute(Ipv4Cidr.parse("10.93.2.0/24"), "10.93.255.3"),
                new PodRoute(Ipv4Cidr.parse("10.93.9.9/32"), "10.93.255.4"));
    }
}
