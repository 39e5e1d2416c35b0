package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubjectAlternativeNamesTest {
    @Test
    void loopbackHostnameAndBindAddress() {
        SubjectAlternativeNames names = SubjectAlternativeNames.forServer("10.1.2.3", Optional.of("Node-1"));

        assertThat(names.dnsNames()).containsExactlyInAnyOrder("localhost", "node-1");
        assertThat(names.ipAddresses()).containsExactlyInAnyOrder("127.0.0.1", "0:0:0:0:0:0:0:1", "10.1.2.3");
    }

    @Test
    void aWildcardBindAddsNothing() {
        assertThat(SubjectAlternativeNames.forServer("0.0.0.0", Optional.empty()))
                .isEqualTo(SubjectAlternativeNames.forServer("127.0.0.1", Optional.empty()));
    }

    @Test
    void aHostNameBindIsADnsName() {
        assertThat(SubjectAlternativeNames.forServer("api.example", Optional.empty()).dnsNames()).contains("api.example");
    }
}
