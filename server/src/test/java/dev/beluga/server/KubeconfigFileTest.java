package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigFileTest {
    @TempDir
    Path temp;

    @Test
    void theKubeconfigNamesClusterUserAndContext() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(Instant.now());
        AdminToken token = new AdminToken("s3cr3t-token");

        JsonNode config = new YAMLMapper().readTree(
                KubeconfigFile.render(URI.create("https://127.0.0.1:6443"), ca.pem(), token));

        assertThat(config.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(config.path("kind").asText()).isEqualTo("Config");
        assertThat(config.path("current-context").asText()).isEqualTo("beluga");
        JsonNode cluster = config.path("clusters").path(0);
        assertThat(cluster.path("name").asText()).isEqualTo("beluga");
        assertThat(cluster.path("cluster").path("server").asText()).isEqualTo("https://127.0.0.1:6443");
        String caData = new String(Base64.getDecoder().decode(cluster.path("cluster").path("certificate-authority-data").asText()),
                StandardCharsets.US_ASCII);
        assertThat(caData).isEqualTo(ca.pem()).startsWith("-----BEGIN CERTIFICATE-----");
        JsonNode user = config.path("users").path(0);
        assertThat(user.path("name").asText()).isEqualTo("admin");
        assertThat(user.path("user").path("token").asText()).isEqualTo("s3cr3t-token");
        JsonNode context = config.path("contexts").path(0);
        assertThat(context.path("name").asText()).isEqualTo("beluga");
        assertThat(context.path("context").path("cluster").asText()).isEqualTo("beluga");
        assertThat(context.path("context").path("user").asText()).isEqualTo("admin");
    }

    @Test
    void theFileIsOwnerOnlyAndReplacedWholeOnRewrite() throws Exception {
        Path file = temp.resolve("kubeconfig.yaml");
        CertificateAuthority ca = CertificateAuthority.create(Instant.now());
        AdminToken token = new AdminToken("t");

        KubeconfigFile.write(file, URI.create("https://127.0.0.1:6443"), ca.pem(), token);
        KubeconfigFile.write(file, URI.create("https://127.0.0.1:7443"), ca.pem(), token);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("https://127.0.0.1:7443").doesNotContain("6443");
        try (var listing = Files.list(temp)) {
            assertThat(listing).containsExactly(file);
        }
    }
}
