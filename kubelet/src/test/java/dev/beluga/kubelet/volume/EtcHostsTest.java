package dev.beluga.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcHostsTest {
    @Test
    void thePodsIpsCarryItsHostnameAndFqdnThenTheAliases() {
        String withDomain = EtcHosts.content(List.of("10.244.1.5"), "web-0", "web.default.svc.cluster.local",
                List.of(new HostAlias(List.of("foo.local", "bar.local"), "127.0.0.1")));
        assertThat(withDomain).isEqualTo("""
                # Kubernetes-managed hosts file.
                127.0.0.1\tlocalhost
                ::1\tlocalhost ip6-localhost ip6-loopback
                fe00::0\tip6-localnet
                fe00::0\tip6-mcastprefix
                fe00::1\tip6-allnodes
                fe00::2\tip6-allrouters
                10.244.1.5\tweb-0.web.default.svc.cluster.local\tweb-0

                # Entries added by HostAliases.
                127.0.0.1\tfoo.local\tbar.local
                """);
        assertThat(EtcHosts.content(List.of("10.244.1.6"), "solo", "", List.of())).endsWith("fe00::2\tip6-allrouters\n10.244.1.6\tsolo\n");
        assertThat(EtcHosts.hostNetworkContent("127.0.0.1 localhost\n", List.of()))
                .isEqualTo("# Kubernetes-managed hosts file (host network).\n127.0.0.1 localhost\n");
    }

    @Test
    void theDomainComesFromTheSubdomain() {
        var pod = new PodBuilder().withNewMetadata().withName("web-0").withNamespace("shop").endMetadata().withNewSpec().withSubdomain("web").endSpec().build();
        assertThat(EtcHosts.domain(pod, "cluster.local")).isEqualTo("web.shop.svc.cluster.local");
        assertThat(EtcHosts.domain(new PodBuilder(pod).editSpec().withSubdomain(null).endSpec().build(), "cluster.local")).isEmpty();
    }

    @Test
    void theFileIsReplacedWhole(@TempDir Path dir) throws IOException {
        Path f = EtcHosts.write(dir.resolve("pod"), "one\n");
        assertThat(f).isEqualTo(dir.resolve("pod/etc-hosts"));
        EtcHosts.write(dir.resolve("pod"), "two\n");
        assertThat(Files.readString(f)).isEqualTo("two\n");
        try (var files = Files.list(dir.resolve("pod"))) {
            assertThat(files).containsExactly(f);
        }
    }
}
