package dev.beluga.apiserver.client;

import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;
import dev.beluga.client.ClientConformanceTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Client conformance suite on the in-process transport, against a real API server on SQLite. */
class InProcessClientConformanceTest extends ClientConformanceTest {
    private LocalApiServer api;

    @BeforeAll
    void start() {
        api = LocalApiServer.start();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Override
    protected Client client() {
        return api.client();
    }

    @Override
    protected void compactStore() {
        api.compact();
    }
}
