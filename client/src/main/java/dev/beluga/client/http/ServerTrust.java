package dev.beluga.client.http;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Which server certificates a connection accepts, as an {@link SSLContext}. */
final class ServerTrust {
    private ServerTrust() {}

    static SSLContext sslContext(ClusterConnection connection) {
        try {
            if (connection.insecureSkipTlsVerify()) return context(new TrustManager[] {new TrustingAnyServer()});
            if (connection.caCertificatePem().isEmpty()) return SSLContext.getDefault();
            return context(trusting(connection.caCertificatePem().get()));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot set up TLS for " + connection.server() + ": " + e.getMessage(), e);
        }
    }

    /** Trust managers that accept chains ending in one of the PEM certificates (and check the host name). */
    static TrustManager[] trusting(String pem) throws GeneralSecurityException, java.io.IOException {
        Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (certificates.isEmpty()) throw new IllegalArgumentException("the certificate authority data holds no certificate");
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate c : certificates) store.setCertificateEntry("ca-" + i++, c);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static SSLContext context(TrustManager[] trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust, null);
        return context;
    }

    /**
     * insecure-skip-tls-verify. An extended trust manager, because the JDK checks the host name inside
     * the extended checks: accepting there skips that check too, which is what the setting means.
     */
    private static final class TrustingAnyServer extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
