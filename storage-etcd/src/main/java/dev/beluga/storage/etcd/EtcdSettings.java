package dev.beluga.storage.etcd;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where and how to reach etcd.
 *
 * @param endpoints      client URLs of the etcd members, e.g. {@code http://127.0.0.1:2379}
 * @param prefix         replaces the leading {@code /registry} of every storage key, as kube-apiserver's
 *                       {@code --etcd-prefix} does (default {@code /registry}), so several clusters can share one etcd
 * @param tls            present when the endpoints are https
 * @param requestTimeout how long one etcd call may take before the API answers 504
 */
public record EtcdSettings(List<URI> endpoints, String prefix, Optional<EtcdTls> tls, Duration requestTimeout) {
    public static final String DEFAULT_PREFIX = "/registry";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public EtcdSettings {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) throw new IllegalArgumentException("no etcd endpoint given");
        if (!prefix.startsWith("/")) throw new IllegalArgumentException("the etcd prefix must start with /: " + prefix);
    }

    public static EtcdSettings of(List<URI> endpoints) {
        return new EtcdSettings(endpoints, DEFAULT_PREFIX, Optional.empty(), DEFAULT_REQUEST_TIMEOUT);
    }
}
