package dev.beluga.apiserver.http;

import dev.beluga.api.errors.StatusException;
import dev.beluga.apiserver.KubeletClientConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's calls to kubelets' HTTPS endpoints (upstream's LocationStreamer): GET with the
 * kubelet token, the answer streamed to the client as it arrives, each piece written through at
 * once so a followed log is live. A kubelet's refusal becomes a Status as upstream's
 * GenericHttpResponseChecker makes it (400 BadRequest with the kubelet's text, other codes alike).
 */
final class KubeletProxy {
    private static final Logger log = LoggerFactory.getLogger(KubeletProxy.class);
    /** Upstream reads at most this much of a kubelet's error body. */
    private static final int MAX_ERROR_BODY = 4096;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final String token;
    private final SSLSocketFactory sockets;
    private final boolean verifyHost;

    KubeletProxy(KubeletClientConfig config) {
        this.token = config.token();
        this.sockets = sslContext(config).getSocketFactory();
        this.verifyHost = config.certificateAuthority().isPresent();
    }

    /** A TLS connection to the kubelet at {@code url}, handshaken, for an upgraded stream (exec, attach). */
    java.net.Socket dial(URI url) throws IOException {
        java.net.Socket plain = new java.net.Socket();
        try {
            plain.connect(new java.net.InetSocketAddress(url.getHost(), url.getPort()), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            plain.close();
            throw e;
        }
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) sockets.createSocket(plain, url.getHost(), url.getPort(), true);
        try {
            javax.net.ssl.SSLParameters params = socket.getSSLParameters();
            // HTTP/1.1 only: upgrades do not exist in HTTP/2.
            params.setApplicationProtocols(new String[] {"http/1.1"});
            if (verifyHost) params.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(params);
            socket.startHandshake();
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** The bearer token kubelets check. */
    String token() {
        return token;
    }

    /** Streams {@code url}'s body to the client as {@code contentType}, or throws the Status for the kubelet's refusal. */
    void stream(URI url, Exchange ex, String contentType) throws IOException {
        HttpsURLConnection conn;
        int code;
        try {
            conn = (HttpsURLConnection) url.toURL().openConnection();
            conn.setSSLSocketFactory(sockets);
            // Kubelets are reached by IP, which a kubelet's self-signed certificate may not name; without
            // a CA nothing is verified anyway (upstream's default), with one the chain is what counts.
            if (!verifyHost) conn.setHostnameVerifier((host, session) -> true);
            conn.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            conn.setReadTimeout(0);
            conn.setInstanceFollowRedirects(false);
            conn.setRequestProperty("Authorization", "Bearer " + token);
            conn.setRequestProperty("Accept", "*/*");
            code = conn.getResponseCode();
        } catch (IOException e) {
            throw StatusException.of(500, "InternalError", "Get \"" + url + "\": " + e.getMessage(), null);
        }
        try {
            if (code < 200 || code > 206) throw refusal(code, conn);
            relay(url, conn, ex, contentType);
        } finally {
            conn.disconnect();
        }
    }

    /** Copies the kubelet's body to the client; either side going away ends the exchange without an error Status. */
    private static void relay(URI url, HttpURLConnection conn, Exchange ex, String contentType) {
        InputStream in;
        try {
            in = conn.getInputStream();
        } catch (IOException e) {
            throw StatusException.of(500, "InternalError", "Get \"" + url + "\": " + e.getMessage(), null);
        }
        // The kubelet's side is closed by the caller's disconnect.
        OutputStream out = ex.stream(200, contentType);
        byte[] buf = new byte[16 * 1024];
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException kubeletGone) {
                    log.warn("the kubelet's stream {} broke off: {}", url, kubeletGone.toString());
                    ex.callback.failed(kubeletGone);
                    return;
                }
                if (n < 0) break;
                // Whatever arrives goes out at once: the client's -f must not wait for a buffer to fill.
                out.write(buf, 0, n);
                out.flush();
            }
            out.close();
        } catch (IOException clientGone) {
            // The client left (kubectl logs -f ended): not an error; dropping the kubelet's connection ends its side.
            log.debug("client of {} went away: {}", url, clientGone.toString());
            ex.callback.failed(clientGone);
            return;
        }
        ex.done();
    }

    private static StatusException refusal(int code, HttpURLConnection conn) {
        String body;
        try (InputStream err = conn.getErrorStream()) {
            body = err == null ? "" : new String(err.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            body = "";
        }
        return switch (code) {
            case 400 -> StatusException.badRequest(body);
            case 404 -> StatusException.of(404, "NotFound", body.isEmpty() ? "the server could not find the requested resource" : body, null);
            case 500 -> StatusException.internal(body);
            default -> StatusException.of(code, "Unknown", body.isEmpty()
                    ? "the server responded with the status code " + code + " but did not return more information" : body, null);
        };
    }

    private static SSLContext sslContext(KubeletClientConfig config) {
        try {
            TrustManager[] trust;
            if (config.certificateAuthority().isPresent()) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                store.setCertificateEntry("kubelet-ca", config.certificateAuthority().get());
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                trust = factory.getTrustManagers();
            } else {
                trust = new TrustManager[] {new TrustingAnyKubelet()};
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS for calling kubelets", e);
        }
    }

    /** Upstream's behaviour without --kubelet-certificate-authority: the kubelet's certificate is not checked. */
    private static final class TrustingAnyKubelet implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            // This side only dials kubelets; it never accepts a client, so no client certificate is ever trusted.
            throw new CertificateException("the API server's kubelet client accepts no client certificates");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Deliberately unchecked; see the class comment of KubeletClientConfig.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
