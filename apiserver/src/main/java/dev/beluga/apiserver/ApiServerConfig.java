package dev.beluga.apiserver;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How one API server listens and whom it trusts.
 *
 * @param bindAddress        address to listen on, e.g. 127.0.0.1
 * @param port               port (0 = any free port; see {@link ApiServer#url()})
 * @param tls                serving identity; empty serves plain HTTP (tests only)
 * @param tokens             bearer token → user name; a request needs one of them
 * @param compactionInterval how often history older than one interval is compacted (upstream: 5 min)
 * @param watchCacheHistory  how many recent events the watch cache keeps for resuming watches
 * @param kubeletClient      how to call kubelets' HTTPS endpoints (pods/log); empty: those subresources answer 503
 */
public record ApiServerConfig(String bindAddress, int port, Optional<TlsIdentity> tls, Map<String, String> tokens,
                              Duration compactionInterval, int watchCacheHistory, Optional<KubeletClientConfig> kubeletClient) {

    /** Without a way to call kubelets: pods/log, exec and attach answer 503. */
    public ApiServerConfig(String bindAddress, int port, Optional<TlsIdentity> tls, Map<String, String> tokens,
                           Duration compactionInterval, int watchCacheHistory) {
        this(bindAddress, port, tls, tokens, compactionInterval, watchCacheHistory, Optional.empty());
    }

    public ApiServerConfig withKubeletClient(KubeletClientConfig kubelets) {
        return new ApiServerConfig(bindAddress, port, tls, tokens, compactionInterval, watchCacheHistory, Optional.of(kubelets));
    }

    public static ApiServerConfig plainForTests(Map<String, String> tokens) {
        return new ApiServerConfig("127.0.0.1", 0, Optional.empty(), tokens, Duration.ofMinutes(5), 10_000);
    }
}
