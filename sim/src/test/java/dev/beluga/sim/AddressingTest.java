package dev.beluga.sim;

import dev.beluga.kubelet.network.Ipv4Cidr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressingTest {
    @Test
    void cidrsParseFormatAndSplit() {
        Ipv4Cidr c = Ipv4Cidr.parse("10.244.0.0/24");
        assertThat(c.toString()).isEqualTo("10.244.0.0/24");
        assertThat(c.size()).isEqualTo(256);
        assertThat(c.address(2)).isEqualTo("10.244.0.2");
        assertThat(c.subnet(3, 24).toString()).isEqualTo("10.244.3.0/24");
        assertThat(c.subnet(256, 24).toString()).isEqualTo("10.245.0.0/24");
        assertThat(Ipv4Cidr.parse("10.244.7.9/16").toString()).isEqualTo("10.244.0.0/16");
        assertThat(c.contains("10.244.0.200")).isTrue();
        assertThat(c.contains("10.244.1.1")).isFalse();
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.244.0.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ipv4Cidr.parseAddress("10.300.0.1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void podIpsSkipNetworkGatewayAndBroadcastAndComeBackWhenReleased() {
        PodIpAllocator a = new PodIpAllocator(Ipv4Cidr.parse("10.1.2.0/29"));
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 10; i++) a.allocate().ifPresent(got::add);
        assertThat(got).containsExactly("10.1.2.2", "10.1.2.3", "10.1.2.4", "10.1.2.5", "10.1.2.6");
        assertThat(a.inUse()).isEqualTo(5);
        a.release("10.1.2.4");
        assertThat(a.allocate()).contains("10.1.2.4");
        a.release("192.168.0.1");
        assertThat(a.allocate()).isEmpty();
    }

    @Test
    void fleetSettingsNumberNodesCidrsAndIps() {
        SimSettings s = SimSettings.defaults();
        assertThat(s.nodeName(7)).isEqualTo("hollow-node-7");
        assertThat(s.podCidr(0).toString()).isEqualTo("10.244.0.0/24");
        assertThat(s.podCidr(5).toString()).isEqualTo("10.244.5.0/24");
        assertThat(s.podCidr(999).toString()).isEqualTo("10.247.231.0/24");
        assertThat(s.nodeIp(0)).isEqualTo("172.16.0.1");
        assertThat(s.nodeIp(300)).isEqualTo("172.16.1.45");
    }

    @Test
    void imageNamesNormalizeAsDockerDoes() {
        assertThat(ImageNames.normalize("busybox:1.35")).isEqualTo("docker.io/library/busybox:1.35");
        assertThat(ImageNames.normalize("nginx")).isEqualTo("docker.io/library/nginx:latest");
        assertThat(ImageNames.normalize("me/app:2")).isEqualTo("docker.io/me/app:2");
        assertThat(ImageNames.normalize("registry.k8s.io/pause:3.9")).isEqualTo("registry.k8s.io/pause:3.9");
        assertThat(ImageNames.normalize("localhost:5000/x")).isEqualTo("localhost:5000/x:latest");
        assertThat(ImageNames.repository("docker.io/library/busybox:1.35")).isEqualTo("docker.io/library/busybox");
        assertThat(ImageNames.repository("localhost:5000/x:latest")).isEqualTo("localhost:5000/x");
    }
}
