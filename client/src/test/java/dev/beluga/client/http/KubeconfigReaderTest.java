package dev.beluga.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigReaderTest {
    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    @TempDir Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, yaml);
        return file;
    }

    /** What beluga's KubeconfigFile writes. */
    @Test
    void readsBelugasKubeconfig() throws IOException {
        String data = Base64.getEncoder().encodeToString(PEM.getBytes(StandardCharsets.US_ASCII));
        Path file = write("""
                apiVersion: v1
                kind: Config
                clusters:
                - name: beluga
                  cluster:
                    certificate-authority-data: %s
                    server: https://127.0.0.1:6443
                users:
                - name: admin
                  user:
                    token: s3cret
                contexts:
                - name: beluga
                  context:
                    cluster: beluga
                    user: admin
                current-context: beluga
                preferences: {}
                """.formatted(data));
        ClusterConnection c = ClusterConnection.fromKubeconfig(file);
        assertThat(c.server()).isEqualTo(URI.create("https://127.0.0.1:6443"));
        assertThat(c.caCertificatePem()).contains(PEM);
        assertThat(c.token()).isEqualTo("s3cret");
        assertThat(c.insecureSkipTlsVerify()).isFalse();
        assertThat(c.toString()).doesNotContain("s3cret").contains("127.0.0.1:6443");
    }

    @Test
    void followsTheCurrentContextAndResolvesFilesNextToTheKubeconfig() throws IOException {
        Files.writeString(dir.resolve("ca.crt"), PEM);
        Files.writeString(dir.resolve("token"), "from-file\n");
        Path file = write("""
                clusters:
                - name: other
                  cluster: {server: "https://other:1"}
                - name: mine
                  cluster:
                    server: https://10.0.0.1:6443
                    certificate-authority: ca.crt
                    insecure-skip-tls-verify: true
                users:
                - name: u
                  user: {tokenFile: token}
                contexts:
                - name: a
                  context: {cluster: other, user: u}
                - name: b
                  context: {cluster: mine, user: u}
                current-context: b
                """);
        ClusterConnection c = ClusterConnection.fromKubeconfig(file);
        assertThat(c.server()).isEqualTo(URI.create("https://10.0.0.1:6443"));
        assertThat(c.caCertificatePem()).contains(PEM);
        assertThat(c.token()).isEqualTo("from-file");
        assertThat(c.insecureSkipTlsVerify()).isTrue();
    }

    @Test
    void aContextWithoutAUserSendsNoToken() throws IOException {
        Path file = write("""
                clusters: [{name: c, cluster: {server: "http://127.0.0.1:8080"}}]
                contexts: [{name: x, context: {cluster: c}}]
                current-context: x
                """);
        ClusterConnection c = ClusterConnection.fromKubeconfig(file);
        assertThat(c.token()).isEmpty();
        assertThat(c.caCertificatePem()).isEmpty();
    }

    @Test
    void saysWhatIsMissingOrUnsupported() throws IOException {
        assertThatThrownBy(() -> ClusterConnection.fromKubeconfig(dir.resolve("absent")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read kubeconfig");
        Path noCurrent = write("clusters: []\n");
        assertThatThrownBy(() -> ClusterConnection.fromKubeconfig(noCurrent)).hasMessageContaining("current-context is not set");
        Path noContext = write("current-context: gone\ncontexts: []\n");
        assertThatThrownBy(() -> ClusterConnection.fromKubeconfig(noContext)).hasMessageContaining("contexts has no entry named \"gone\"");
        Path noServer = write("""
                clusters: [{name: c, cluster: {}}]
                contexts: [{name: x, context: {cluster: c}}]
                current-context: x
                """);
        assertThatThrownBy(() -> ClusterConnection.fromKubeconfig(noServer)).hasMessageContaining("cluster \"c\" has no server");
        Path certUser = write("""
                clusters: [{name: c, cluster: {server: "https://h:1"}}]
                users: [{name: u, user: {client-certificate-data: AAAA, client-key-data: AAAA}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """);
        assertThatThrownBy(() -> ClusterConnection.fromKubeconfig(certUser)).hasMessageContaining("client-certificate-data")
                .hasMessageContaining("not support");
        Path badScheme = write("""
                clusters: [{name: c, cluster: {server: "ftp://h:1"}}]
                contexts: [{name: x, context: {cluster: c}}]
                current-context: x
                """);
        assertThatThrownBy(() -> ClusterConnection.fromKubeconfig(badScheme)).hasMessageContaining("http(s)://");
    }
}
