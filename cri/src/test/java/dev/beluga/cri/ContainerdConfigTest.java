package dev.beluga.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ContainerdConfigTest {
    private final ContainerdSettings settings = ContainerdSettings.of(Path.of("/var/lib/beluga/node1"), "10.244.1.0/24");

    @Test
    void everythingContainerdWritesIsUnderTheDataDirectory() {
        String toml = ContainerdConfig.render(settings);
        assertThat(toml).contains(
                "version = 2",
                "root = \"/var/lib/beluga/node1/root\"",
                "state = \"/var/lib/beluga/node1/state\"",
                "address = \"/var/lib/beluga/node1/containerd.sock\"",
                "conf_dir = \"/var/lib/beluga/node1/cni/net.d\"",
                "bin_dir = \"/usr/lib/cni\"");
    }

    @Test
    void criPluginSettingsForThisMachine() {
        String toml = ContainerdConfig.render(settings);
        assertThat(toml).contains(
                "sandbox_image = \"beluga.local/pause:3.9\"",
                "restrict_oom_score_adj = true",
                "stream_server_address = \"127.0.0.1\"",
                "stream_server_port = \"0\"",
                "runtime_type = \"io.containerd.runc.v2\"",
                "SystemdCgroup = false",
                "\"io.containerd.snapshotter.v1.btrfs\"",
                "\"io.containerd.snapshotter.v1.devmapper\"");
    }

    @Test
    void tomlStringsAreEscaped() {
        assertThat(ContainerdConfig.quoted("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }

    @Test
    void cniConflistIsBridgeWithHostLocalIpamAndPortmap() throws Exception {
        JsonNode conf = new ObjectMapper().readTree(CniConfig.render(settings));
        String bridge = ContainerdSettings.bridgeNameFor(Path.of("/var/lib/beluga/node1"));
        assertThat(conf.get("name").asText()).isEqualTo(bridge);
        JsonNode first = conf.get("plugins").get(0);
        assertThat(first.get("type").asText()).isEqualTo("bridge");
        assertThat(first.get("bridge").asText()).isEqualTo(bridge);
        assertThat(first.get("isGateway").asBoolean()).isTrue();
        // The node's own rules masquerade, only outside the cluster CIDR: no NAT between pods.
        assertThat(first.get("ipMasq").asBoolean()).isFalse();
        assertThat(first.at("/ipam/type").asText()).isEqualTo("host-local");
        assertThat(first.at("/ipam/ranges/0/0/subnet").asText()).isEqualTo("10.244.1.0/24");
        assertThat(first.at("/ipam/dataDir").asText()).isEqualTo("/var/lib/beluga/node1/cni/ipam");
        JsonNode second = conf.get("plugins").get(1);
        assertThat(second.get("type").asText()).isEqualTo("portmap");
        assertThat(second.at("/capabilities/portMappings").asBoolean()).isTrue();
    }

    @Test
    void bridgeNamesFitLinuxAndDifferPerDataDirectory() {
        String one = ContainerdSettings.bridgeNameFor(Path.of("/var/lib/beluga/node1"));
        String two = ContainerdSettings.bridgeNameFor(Path.of("/var/lib/beluga/node2"));
        assertThat(one).hasSizeLessThanOrEqualTo(15).startsWith("bl").isNotEqualTo(two);
        assertThat(one).isEqualTo(ContainerdSettings.bridgeNameFor(Path.of("/var/lib/beluga/node1")));
    }

    @Test
    void rejectsWhatLinuxCannotDo() {
        assertThatThrownBy(() -> new ContainerdSettings(Path.of("/tmp/x"), "10.0.0.0/24", "p", "much-too-long-bridge"))
                .hasMessageContaining("15 characters");
        Path deep = Path.of("/tmp/" + "d".repeat(100));
        assertThatThrownBy(() -> ContainerdSettings.of(deep, "10.0.0.0/24")).hasMessageContaining("108 bytes");
    }
}
