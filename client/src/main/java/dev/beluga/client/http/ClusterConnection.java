package dev.beluga.client.http;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an API server is and how to talk to it: what a kubeconfig's current context says.
 *
 * @param server                the API server's URL, e.g. https://127.0.0.1:6443 (http only for tests)
 * @param caCertificatePem      the PEM certificate(s) that sign the server's certificate; empty = the JVM's trust store
 * @param token                 bearer token; "" sends no Authorization header
 * @param insecureSkipTlsVerify trust any server certificate and name (kubeconfig's insecure-skip-tls-verify)
 */
public record ClusterConnection(URI server, Optional<String> caCertificatePem, String token, boolean insecureSkipTlsVerify) {
    public ClusterConnection {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(caCertificatePem, "caCertificatePem");
        Objects.requireNonNull(token, "token");
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("the API server URL must be http(s)://host:port, got \"" + server + "\"");
        }
        if (server.getHost() == null) {
            throw new IllegalArgumentException("the API server URL has no host: \"" + server + "\"");
        }
    }

    /** A server whose certificate the JVM's trust store accepts (or plain HTTP). */
    public static ClusterConnection of(URI server, String token) {
        return new ClusterConnection(server, Optional.empty(), token, false);
    }

    /** The same connection, trusting the certificate authority in {@code pem}. */
    public ClusterConnection withCaCertificate(String pem) {
        return new ClusterConnection(server, Optional.of(pem), token, insecureSkipTlsVerify);
    }

    /**
     * Reads a kubeconfig file (as {@code beluga kubeconfig} and kubectl write them): the current
     * context's cluster (server, certificate-authority-data or certificate-authority, insecure-skip-tls-verify)
     * and user (token or tokenFile).
     *
     * @throws IllegalArgumentException when the file cannot be read or lacks what a connection needs
     */
    public static ClusterConnection fromKubeconfig(Path file) {
        return KubeconfigReader.read(file);
    }

    /** Without the token, which must not end up in logs. */
    @Override
    public String toString() {
        return "ClusterConnection[server=" + server + ", ca=" + (caCertificatePem.isPresent() ? "given" : "system")
                + ", token=" + (token.isEmpty() ? "none" : "<redacted>") + ", insecureSkipTlsVerify=" + insecureSkipTlsVerify + "]";
    }
}
