package dev.beluga.kubelet.server;

/**
 * How the kubelet's HTTPS endpoint listens and whom it lets in.
 *
 * @param port  upstream's default is 10250; 0 takes any free port (tests), see {@link KubeletServer#port()}
 * @param token the bearer token the API server presents. One shared secret for now: upstream's kubelet
 *              authenticates the API server by its client certificate or a TokenReview, and
 *              authorizes with a SubjectAccessReview; neither exists here yet.
 */
public record KubeletServerConfig(String bindAddress, int port, KubeletServingIdentity identity, String token) {
    public static final int DEFAULT_PORT = 10250;

    public KubeletServerConfig {
        if (token == null || token.isEmpty()) throw new IllegalArgumentException("the kubelet's server needs a token to check callers against");
    }
}
