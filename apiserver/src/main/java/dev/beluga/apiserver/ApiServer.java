package dev.beluga.apiserver;

import dev.beluga.storage.Store;
import java.net.URI;

/** The Kubernetes API over HTTP(S), on one store. Start it, use {@link #url()}, close it. */
public final class ApiServer implements AutoCloseable {
    private final ApiServerConfig config;
    private final Store backend;

    private ApiServer(ApiServerConfig config, Store backend) {
        this.config = config;
        this.backend = backend;
    }

    /** Starts serving; returns once the listener is bound and the built-in namespaces exist. */
    public static ApiServer start(ApiServerConfig config, Store backend) {
        throw new IllegalStateException("ApiServer is being written in this change");
    }

    /** Where it listens, e.g. https://127.0.0.1:6443. */
    public URI url() {
        return URI.create("http://" + config.bindAddress() + ":" + config.port());
    }

    @Override
    public void close() {
        backend.close();
    }
}
