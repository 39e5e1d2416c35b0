package dev.beluga.apiserver;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * How the API server calls kubelets (pods/log now; exec and attach later): the bearer token every
 * kubelet's server accepts (one shared secret for now, where upstream uses a client certificate),
 * and the authority that signs kubelets' serving certificates. Without an authority the
 * kubelet's certificate is not verified, as upstream's kube-apiserver does without
 * --kubelet-certificate-authority (kubelets' own certificates are self-signed).
 */
public record KubeletClientConfig(String token, Optional<X509Certificate> certificateAuthority) {
    public KubeletClientConfig {
        if (token == null || token.isEmpty()) throw new IllegalArgumentException("calling kubelets needs a token");
    }
}
