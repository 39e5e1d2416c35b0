package dev.beluga.apiserver;

import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.apiserver.client.InProcessClient;
import dev.beluga.apiserver.http.ApiHandler;
import dev.beluga.apiserver.lifecycle.BuiltinNamespaces;
import dev.beluga.apiserver.registry.ObjectRegistry;
import dev.beluga.apiserver.registry.ResourceVersionStamp;
import dev.beluga.client.Client;
import dev.beluga.storage.Compactor;
import dev.beluga.storage.Store;
import dev.beluga.storage.WatchCache;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The Kubernetes API over HTTP(S), on one store: wires the watch cache in front of the backend, the
 * registry, the built-in namespaces, compaction and the Jetty listener.
 * Every request runs on its own virtual thread, so handlers block freely.
 */
public final class ApiServer implements AutoCloseable {
    private final Server jetty;
    private final ServerConnector connector;
    private final WatchCache cache;
    private final Compactor compactor;
    private final boolean tls;
    private final ObjectRegistry registry;
    private final InProcessClient client;

    private ApiServer(Server jetty, ServerConnector connector, WatchCache cache, Compactor compactor, boolean tls,
                      ObjectRegistry registry, Clock clock) {
        this.jetty = jetty;
        this.connector = connector;
        this.cache = cache;
        this.compactor = compactor;
        this.tls = tls;
        this.registry = registry;
        this.client = new InProcessClient(registry, clock);
    }

    /** Starts serving; returns once the listener is bound and the built-in namespaces exist. */
    public static ApiServer start(ApiServerConfig config, Store backend) {
        Clock clock = Clock.systemUTC();
        ResourceRegistry resources = new ResourceRegistry();
        WatchCache cache = new WatchCache(backend, (key, value, revision) -> ResourceVersionStamp.stamp(value, revision), config.watchCacheHistory());
        ObjectRegistry registry = new ObjectRegistry(cache, clock);
        BuiltinNamespaces.ensure(registry);
        Compactor compactor = Compactor.start(cache, config.compactionInterval());

        VirtualThreadPool threads = new VirtualThreadPool();
        threads.setName("api");
        // Jetty bounds concurrent virtual threads at 200 by default; each watch holds one for its whole life.
        threads.setMaxThreads(50_000);
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        ServerConnector connector;
        if (config.tls().isPresent()) {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(config.tls().get().keyStore());
            ssl.setKeyStorePassword(new String(config.tls().get().password()));
            ssl.setSniRequired(false);
            connector = new ServerConnector(jetty, ssl, new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        }
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        connector.setIdleTimeout(Duration.ofHours(1).toMillis());
        jetty.addConnector(connector);
        ApiHandler handler = new ApiHandler(resources, registry, config.tokens(), config.kubeletClient(), clock,
                (config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress()) + ":" + config.port());
        jetty.setHandler(handler);
        jetty.setStopTimeout(2000);
        try {
            jetty.start();
        } catch (Exception e) {
            stopComponents(compactor, cache);
            throw new IllegalStateException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        handler.markReady();
        return new ApiServer(jetty, connector, cache, compactor, config.tls().isPresent(), registry, clock);
    }

    /** Where it listens, e.g. https://127.0.0.1:6443. */
    public URI url() {
        String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1" : connector.getHost();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create((tls ? "https" : "http") + "://" + host + ":" + connector.getLocalPort());
    }

    /**
     * The in-process {@link Client} of components running in this process (scheduler, controllers,
     * kubelets): the registry directly, no HTTP. Shared; closed with the server, so components should
     * not close it (make a {@code new InProcessClient(registry(), clock)} for one that may be closed).
     */
    public Client client() {
        return client;
    }

    /** The registry every request and the in-process client end in. */
    public ObjectRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        client.close();
        try {
            jetty.stop();
        } catch (Exception ignored) {
            // Stopping is best effort; the store below is what must close cleanly.
        }
        stopComponents(compactor, cache);
    }

    /** Background work first, the store (which the cache closes) last. */
    private static void stopComponents(Compactor compactor, WatchCache cache) {
        compactor.close();
        cache.close();
    }
}
