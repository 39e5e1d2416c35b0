package dev.beluga.storage.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beluga.storage.KeyValue;
import dev.beluga.storage.StorageException;
import dev.beluga.storage.WriteResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etcd over https with client certificates (--client-cert-auth), certificates made by openssl for the test. */
class EtcdStoreTlsTest {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    @TempDir
    Path dir;

    private EtcdProcess etcd;
    private Path pki;

    @BeforeEach
    void startEtcdWithTls() throws Exception {
        EtcdProcess.requireEtcd();
        if (!Files.isExecutable(OPENSSL)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(OPENSSL + " is missing and CI=true: the etcd TLS test cannot make its certificates");
            }
            assumeTrue(false, OPENSSL + " is missing: the etcd TLS test cannot make its certificates");
        }
        pki = Files.createDirectories(dir.resolve("pki"));
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=etcd-test-ca");
        issue("server", "/CN=etcd", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n");
        issue("client", "/CN=beluga", "extendedKeyUsage=clientAuth\n");
        etcd = EtcdProcess.startWithTls(dir.resolve("etcd"),
                new EtcdProcess.ServerTls(pki.resolve("ca.crt"), pki.resolve("server.crt"), pki.resolve("server.key")));
    }

    @AfterEach
    void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    private void issue(String name, String subject, String extensions) throws Exception {
        Files.writeString(pki.resolve(name + ".ext"), extensions);
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "1", "-extfile", name + ".ext");
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(pki.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }

    private EtcdSettings settings(Optional<EtcdTls> tls) {
        return new EtcdSettings(List.of(etcd.endpoint()), "/registry", tls, Duration.ofSeconds(5));
    }

    @Test
    void aClientWithTheCaAndACertificateStoresAndReads() {
        EtcdTls tls = new EtcdTls(pki.resolve("ca.crt"), Optional.of(pki.resolve("client.crt")), Optional.of(pki.resolve("client.key")));
        try (EtcdStore store = EtcdStore.connect(settings(Optional.of(tls)))) {
            WriteResult r = store.create("/registry/things/a", "v".getBytes(StandardCharsets.UTF_8));
            assertThat(r).isInstanceOf(WriteResult.Ok.class);
            assertThat(store.get("/registry/things/a")).map(KeyValue::modRevision).contains(((WriteResult.Ok) r).kv().modRevision());
        }
    }

    @Test
    void withoutAClientCertificateEtcdRefusesTheConnection() {
        EtcdTls caOnly = new EtcdTls(pki.resolve("ca.crt"), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> EtcdStore.connect(settings(Optional.of(caOnly)))).isInstanceOf(StorageException.class);
    }
}
