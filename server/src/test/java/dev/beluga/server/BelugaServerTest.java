package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole wiring on loopback: data dir, credentials, SQLite, API server over TLS. */
class BelugaServerTest {
    @TempDir
    Path temp;

    private final StringWriter output = new StringWriter();

    @Test
    void theKubeconfigItWritesReachesTheServerOverTlsWithTheToken() throws Exception {
        try (BelugaServer server = start(temp.resolve("data"))) {
            JsonNode kubeconfig = new YAMLMapper().readTree(server.kubeconfig().toFile());
            URI url = URI.create(kubeconfig.at("/clusters/0/cluster/server").asText());
            String token = kubeconfig.at("/users/0/user/token").asText();
            HttpClient client = clientTrusting(kubeconfig.at("/clusters/0/cluster/certificate-authority-data").asText());

            HttpResponse<String> withToken = client.send(HttpRequest.newBuilder(url.resolve("/api/v1/namespaces"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> withoutToken = client.send(HttpRequest.newBuilder(url.resolve("/api")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(url.getPort()).isEqualTo(server.url().getPort()).isPositive();
            assertThat(withToken.statusCode()).isEqualTo(200);
            assertThat(withToken.body()).contains("\"default\"");
            assertThat(withoutToken.statusCode()).isEqualTo(401);
        }
        assertThat(output.toString()).contains("beluga: ready; kubeconfig: " + temp.resolve("data/kubeconfig.yaml"),
                "beluga: stopped");
    }

    @Test
    void aSecondStartReusesTheCertificateAndToken() throws Exception {
        String firstToken;
        try (BelugaServer server = start(temp.resolve("data"))) {
            firstToken = new YAMLMapper().readTree(server.kubeconfig().toFile()).at("/users/0/user/token").asText();
        }
        try (BelugaServer server = start(temp.resolve("data"))) {
            assertThat(new YAMLMapper().readTree(server.kubeconfig().toFile()).at("/users/0/user/token").asText())
                    .isEqualTo(firstToken);
        }
        assertThat(output.toString()).contains("serving certificate issued", "serving certificate reused");
    }

    @Test
    void aPortInUseIsAClearFailure() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerSettings settings = new ServerSettings("127.0.0.1", taken.getLocalPort(), temp.resolve("data"),
                    Duration.ofMinutes(5), 100);

            assertThatThrownBy(() -> BelugaServer.start(settings, Optional.of("node-1"), new PrintWriter(output, true)))
                    .isInstanceOf(CommandFailure.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("in use");
        }
    }

    private BelugaServer start(Path dataDir) {
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, dataDir, Duration.ofMinutes(5), 100);
        return BelugaServer.start(settings, Optional.of("node-1"), new PrintWriter(output, true));
    }

    private static HttpClient clientTrusting(String caData) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(caData))));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }
}
