package dev.beluga.stream.remotecommand;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelProtocolTest {
    @Test
    void v5IsChosenWheneverOffered() {
        assertThat(ChannelProtocol.negotiate(List.of("v5.channel.k8s.io"))).contains(ChannelProtocol.V5);
        assertThat(ChannelProtocol.negotiate(List.of("v4.channel.k8s.io", "v5.channel.k8s.io"))).contains(ChannelProtocol.V5);
    }

    @Test
    void otherwiseTheFirstOfferedV4Variant() {
        assertThat(ChannelProtocol.negotiate(List.of("channel.k8s.io", "v4.base64.channel.k8s.io", "v4.channel.k8s.io")))
                .contains(ChannelProtocol.V4_BASE64);
        assertThat(ChannelProtocol.negotiate(List.of("v4.channel.k8s.io", "v4.base64.channel.k8s.io"))).contains(ChannelProtocol.V4);
    }

    @Test
    void preV4AndUnknownProtocolsAreNotTranslated() {
        assertThat(ChannelProtocol.negotiate(List.of("channel.k8s.io", "base64.channel.k8s.io", "v6.channel.k8s.io"))).isEmpty();
        assertThat(ChannelProtocol.negotiate(List.of())).isEmpty();
    }
}
