package dev.beluga.server;

import dev.beluga.api.admission.Defaulting;
import dev.beluga.apiserver.ApiServer;
import dev.beluga.apiserver.ApiServerConfig;
import dev.beluga.storage.Store;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running Beluga server process: the wiring of data directory, credentials, store and API
 * server, in that order, telling the operator what it starts. Closing stops it.
 */
final class BelugaServer implements AutoCloseable {
    private final ApiServer api;
    private final Store store;
    private final Path kubeconfig;
    private final PrintWriter out;
    private final ClusterComponents cluster;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BelugaServer(ApiServer api, Store store, Path kubeconfig, PrintWriter out, ClusterComponents cluster) {
        this.api = api;
        this.store = store;
        this.kubeconfig = kubeconfig;
        this.out = out;
        this.cluster = cluster;
    }

    static BelugaServer start(ServerSettings settings, Optional<String> hostname, PrintWriter out) {
        DataDirectory dir = DataDirectory.prepare(settings.dataDir());
        say(out, "data dir " + dir.root());

        Datastore datastore = settings.datastore().orElseGet(() -> new Datastore.Sqlite(dir.database()));
        Store store = datastore.open();
        ClusterCredentials credentials;
        try {
            say(out, "store " + datastore.describe() + " at revision " + store.currentRevision());
            // Servers sharing etcd serve one cluster: one CA, one admin token, kept in the store (the first server's).
            if (datastore instanceof Datastore.Etcd etcd) {
                SharedClusterSecrets.Outcome shared = SharedClusterSecrets.share(store, SharedClusterSecrets.keyFor(etcd.settings().prefix()), dir, Instant.now());
                say(out, "cluster CA and admin token " + switch (shared) {
                    case STORED -> "stored in the datastore for other servers to adopt";
                    case ADOPTED -> "adopted from the datastore into this data dir";
                    case UNCHANGED -> "match the datastore's";
                });
            }
            credentials = credentials(dir, settings, hostname);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        say(out, "serving certificate " + credentials.serving().outcome().name().toLowerCase(java.util.Locale.ROOT)
                + " for " + credentials.names() + " (" + dir.servingCertificate() + ")");

        // The node's name and the control plane's candidate identity: --node-name, else the machine's host name.
        String host = settings.nodeName().orElse(hostname.orElse("localhost"));
        Optional<LocalNode.Credentials> nodeCredentials = settings.cluster().localNode()
                .map(node -> LocalNode.credentials(ClusterComponents.nodeName(host), node, credentials.adminToken().value()));
        ApiServerConfig baseConfig = new ApiServerConfig(settings.bindAddress(), settings.httpsPort(),
                Optional.of(credentials.serving().certificate().tlsIdentity()),
                Map.of(credentials.adminToken().value(), AdminToken.USER),
                settings.compactionInterval(), settings.watchCacheHistory());
        // The API server reaches kubelets (logs) with the cluster token, which every node's kubelet accepts.
        ApiServerConfig config = baseConfig.withKubeletClient(LocalNode.Credentials.forApiServer(credentials.adminToken().value()));
        // DefaultTolerationSeconds admission reads these on every pod create.
        Defaulting.defaultNotReadyTolerationSeconds = settings.cluster().notReadyTolerationSeconds();
        Defaulting.defaultUnreachableTolerationSeconds = settings.cluster().unreachableTolerationSeconds();
        ApiServer api = startApi(config, store);
        ClusterComponents cluster;
        try {
            // The port comes from the listener, so a requested port 0 still yields a working kubeconfig.
            URI clientUrl = ClientUrl.of(settings.bindAddress(), api.url().getPort());
            KubeconfigFile.write(dir.kubeconfig(), clientUrl, credentials.ca().pem(), credentials.adminToken());
            say(out, "listening on " + api.url());
            cluster = ClusterComponents.start(api.client(), dir.root(), host, settings.cluster(), nodeCredentials, line -> say(out, line));
        } catch (RuntimeException e) {
            api.close();
            store.close();
            throw e;
        }
        say(out, "ready; kubeconfig: " + dir.kubeconfig());
        return new BelugaServer(api, store, dir.kubeconfig(), out, cluster);
    }

    URI url() {
        return api.url();
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    /** The scheduler, controllers and hollow nodes running beside the API. */
    ClusterComponents cluster() {
        return cluster;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        say(out, "stopping");
        try {
            cluster.close();
            api.close();
        } finally {
            store.close();
        }
        say(out, "stopped");
    }

    private static ClusterCredentials credentials(DataDirectory dir, ServerSettings settings, Optional<String> hostname) {
        try {
            return ClusterCredentials.ensure(dir, settings.bindAddress(), hostname, Instant.now());
        } catch (UncheckedIOException e) {
            throw new CommandFailure(e.getMessage() + ": " + e.getCause().getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage() + " (move the pki folder aside to have new keys made)", e);
        }
    }

    private static ApiServer startApi(ApiServerConfig config, Store store) {
        try {
            return ApiServer.start(config, store);
        } catch (RuntimeException e) {
            store.close();
            Throwable cause = e;
            while (cause != null && !(cause instanceof BindException)) {
                cause = cause.getCause();
            }
            if (cause instanceof BindException bind) {
                String where = config.bindAddress() + ":" + config.port();
                String why = bind.getMessage() != null && bind.getMessage().toLowerCase(java.util.Locale.ROOT).contains("in use")
                        ? "the port is in use (another beluga server? choose one with --https-port)"
                        : bind.getMessage() + " (is --bind-address an address of this machine?)";
                throw new CommandFailure("cannot listen on " + where + ": " + why, e);
            }
            throw e;
        }
    }

    private static void say(PrintWriter out, String line) {
        out.println("beluga: " + line);
        out.flush();
    }
}
