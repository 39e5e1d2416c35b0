package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that trusts only the cluster CA verifies the serving identity, host names included. */
class TlsHandshakeTest {
    @TempDir
    Path temp;

    @Test
    void aClientTrustingTheClusterCaConnectsToLocalhostAndLoopback() throws Exception {
        DataDirectory dir = DataDirectory.prepare(temp.resolve("data"));
        ClusterCredentials credentials = ClusterCredentials.ensure(dir, "127.0.0.1", Optional.of("node-1"), Instant.now());
        var identity = credentials.serving().certificate().tlsIdentity();

        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity.keyStore(), identity.password());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", PemFile.readCertificate(dir.caCertificate()));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trustManagers.getTrustManagers(), null);

        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
             SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                     .createServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            Future<?> served = executor.submit(() -> {
                for (int i = 0; i < 2; i++) {
                    try (var socket = server.accept(); OutputStream out = socket.getOutputStream()) {
                        out.write('k');
                    }
                }
                return null;
            });
            for (String host : new String[] {"localhost", "127.0.0.1"}) {
                try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory().createSocket(host, server.getLocalPort())) {
                    SSLParameters parameters = client.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    client.setSSLParameters(parameters);
                    InputStream in = client.getInputStream();
                    assertThat(in.read()).as(host).isEqualTo('k');
                }
            }
            served.get();
        }
    }
}
