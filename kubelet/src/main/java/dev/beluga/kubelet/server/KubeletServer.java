package dev.beluga.kubelet.server;

import dev.beluga.kubelet.logs.ContainerLogs;
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
 * The kubelet's HTTPS endpoint (upstream's port 10250), which the API server calls for pods/log
 * (and later exec and attach). Jetty on virtual threads, one per request, so a followed log may
 * block its thread for as long as it lasts.
 */
public final class KubeletServer implements AutoCloseable {
    private final Server jetty;
    private final ServerConnector connector;
    private final KubeletHandler handler;

    private KubeletServer(Server jetty, ServerConnector connector, KubeletHandler handler) {
        this.jetty = jetty;
        this.connector = connector;
        this.handler = handler;
    }

    /** Starts listening and serving {@code logs}; returns once the port is bound. */
    public static KubeletServer start(KubeletServerConfig config, ContainerLogs logs) {
        KubeletServer server = start(config);
        server.serve(logs);
        return server;
    }

    /**
     * Starts listening before the kubelet exists, so that the kubelet can report the bound port
     * (when the config asks for port 0) from its first Node status; log requests answer 503 until
     * {@link #serve} hands in the kubelet's logs:
     * <pre>{@code
     * KubeletServer server = KubeletServer.start(serverConfig);
     * Kubelet kubelet = Kubelet.start(client, config.withKubeletPort(server.port()), runtime, pods);
     * server.serve(kubelet.containerLogs());
     * }</pre>
     */
    public static KubeletServer start(KubeletServerConfig config) {
        VirtualThreadPool threads = new VirtualThreadPool();
        threads.setName("kubelet-server");
        // Every follower holds a thread for its whole life; Jetty's default bound is 200.
        threads.setMaxThreads(10_000);
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // The API server reaches kubelets by IP, which a self-signed certificate may not name.
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(config.identity().keyStore());
        ssl.setKeyStorePassword(new String(config.identity().password()));
        ssl.setSniRequired(false);
        ServerConnector connector = new ServerConnector(jetty, ssl, new HttpConnectionFactory(http));
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        // A followed log can be quiet for long; the container's end or the client's going ends it.
        connector.setIdleTimeout(Duration.ofHours(1).toMillis());
        jetty.addConnector(connector);
        KubeletHandler handler = new KubeletHandler(config.token());
        jetty.setHandler(handler);
        jetty.setStopTimeout(1000);
        try {
            jetty.start();
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // Nothing was served.
            }
            throw new IllegalStateException("the kubelet cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        return new KubeletServer(jetty, connector, handler);
    }

    /** From now on, container logs are read from {@code logs}. */
    public void serve(ContainerLogs logs) {
        handler.serveLogs(new ContainerLogsEndpoint(logs, Clock.systemUTC()));
    }

    /**
     * From now on, exec and attach are served: containers found among {@code pods} (e.g.
     * {@code kubelet.podsByName()}), sessions asked of {@code runtime} (CRI Exec/Attach).
     */
    public void serveStreams(ContainerLogs.Pods pods, dev.beluga.kubelet.server.stream.StreamingRuntime runtime) {
        handler.serveStreams(new ExecEndpoints(pods, runtime));
    }

    /** The bound port (the configured one, or the one chosen for port 0): status.daemonEndpoints.kubeletEndpoint.Port. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception ignored) {
            // Best effort: followers end when their connections close.
        }
    }
}
