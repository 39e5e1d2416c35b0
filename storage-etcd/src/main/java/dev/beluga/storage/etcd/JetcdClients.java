package dev.beluga.storage.etcd;

import dev.beluga.storage.StorageException;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import java.time.Duration;
import javax.net.ssl.SSLException;

/** Builds the jetcd client for {@link EtcdSettings}: endpoints, TLS, and failure timing. */
final class JetcdClients {
    // etcd's default --grpc-keepalive-min-time is 5 s; pinging more often gets the connection closed.
    private static final Duration KEEPALIVE = Duration.ofSeconds(10);
    private static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(5);

    private JetcdClients() {}

    static Client open(EtcdSettings settings) {
        Duration timeout = settings.requestTimeout();
        ClientBuilder builder = Client.builder()
                .endpoints(settings.endpoints())
                .connectTimeout(timeout)
                // Fail a call while etcd is unreachable instead of queueing it until it comes back; jetcd retries
                // unreachable calls for half the request timeout, so "etcd is down" surfaces as a StorageException
                // (503) before the request timeout, and a slow etcd as a StorageTimeoutException (504).
                .waitForReady(false)
                .retryMaxDuration(timeout.dividedBy(2))
                // Keepalive finds a dead connection (an etcd that vanished without closing it), which ends watches.
                .keepaliveTime(KEEPALIVE)
                .keepaliveTimeout(KEEPALIVE_TIMEOUT)
                .keepaliveWithoutCalls(false)
                // A list page can be far beyond gRPC's 4 MiB default (the watch cache loads 10,000 objects a page);
                // kube-apiserver's etcd client takes any size too (MaxCallRecvMsgSize = MaxInt32).
                .maxInboundMessageSize(Integer.MAX_VALUE);
        settings.tls().ifPresent(tls -> withTls(builder, tls));
        return builder.build();
    }

    private static void withTls(ClientBuilder builder, EtcdTls tls) {
        try {
            builder.sslContext(ssl -> {
                ssl.trustManager(tls.caFile().toFile());
                if (tls.certFile().isPresent()) {
                    ssl.keyManager(tls.certFile().get().toFile(), tls.keyFile().orElseThrow().toFile());
                }
            });
        } catch (SSLException e) {
            throw new StorageException("cannot set up TLS towards etcd with " + tls + ": " + e.getMessage(), e);
        }
    }
}
