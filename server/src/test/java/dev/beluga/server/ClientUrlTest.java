package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientUrlTest {
    @Test
    void aSpecificAddressIsUsedAsIs() {
        assertThat(ClientUrl.of("10.0.0.5", 6443)).hasToString("https://10.0.0.5:6443");
    }

    @Test
    void wildcardsAreReachedThroughLoopback() {
        assertThat(ClientUrl.of("0.0.0.0", 6443)).hasToString("https://127.0.0.1:6443");
        assertThat(ClientUrl.of("::", 16443)).hasToString("https://127.0.0.1:16443");
    }

    @Test
    void ipv6GetsBracketsAndHostNamesStay() {
        assertThat(ClientUrl.of("::1", 6443)).hasToString("https://[0:0:0:0:0:0:0:1]:6443");
        assertThat(ClientUrl.of("node-1.example", 6443)).hasToString("https://node-1.example:6443");
    }
}
