package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingCertificateTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path temp;

    @Test
    void theClusterCaSignsTheServingCertificate() throws Exception {
        DataDirectory dir = DataDirectory.prepare(temp.resolve("data"));
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, NOW);
        ServingCertificate.Loaded loaded = ServingCertificate.loadOrIssue(dir, ca, names("127.0.0.1"), NOW);

        X509Certificate serving = loaded.certificate().certificate();
        serving.verify(ca.certificate().getPublicKey());
        assertThat(loaded.outcome()).isEqualTo(ServingCertificate.Outcome.ISSUED);
        assertThat(serving.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(serving.getBasicConstraints()).isEqualTo(-1);
        assertThat(serving.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(ca.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void theCaLastsTenYearsAndTheServingCertificateOne() {
        DataDirectory dir = DataDirectory.prepare(temp.resolve("data"));
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, NOW);
        X509Certificate serving = ServingCertificate.loadOrIssue(dir, ca, names("127.0.0.1"), NOW).certificate().certificate();

        assertThat(ca.certificate().getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
        assertThat(serving.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
        assertThat(serving.getNotBefore().toInstant()).isBefore(NOW);
    }

    @Test
    void theServingCertificateNamesLoopbackTheHostnameAndTheBindAddress() throws Exception {
        DataDirectory dir = DataDirectory.prepare(temp.resolve("data"));
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, NOW);
        X509Certificate serving = ServingCertificate.loadOrIssue(dir, ca, names("10.1.2.3"), NOW).certificate().certificate();

        assertThat(serving.getSubjectAlternativeNames()).contains(
                List.of(2, "localhost"), List.of(2, "node-1"), List.of(7, "127.0.0.1"), List.of(7, "10.1.2.3"));
        assertThat(SubjectAlternativeNames.of(serving).ipAddresses()).contains("0:0:0:0:0:0:0:1");
    }

    @Test
    void aSecondStartReusesCaAndServingCertificate() {
        DataDirectory dir = DataDirectory.prepare(temp.resolve("data"));
        CertificateAuthority firstCa = CertificateAuthority.loadOrCreate(dir, NOW);
        X509Certificate first = ServingCertificate.loadOrIssue(dir, firstCa, names("127.0.0.1"), NOW).certificate().certificate();

        Instant later = NOW.plus(Duration.ofDays(100));
        CertificateAuthority secondCa = CertificateAuthority.loadOrCreate(dir, later);
        ServingCertificate.Loaded second = ServingCertificate.loadOrIssue(dir, secondCa, names("127.0.0.1"), later);

        assertThat(secondCa.certificate()).isEqualTo(firstCa.certificate());
        assertThat(secondCa.key()).isEqualTo(firstCa.key());
        assertThat(second.outcome()).isEqualTo(ServingCertificate.Outcome.REUSED);
        assertThat(second.certificate().certificate()).isEqualTo(first);
    }

    @Test
    void anotherBindAddressIssuesANewCertificateWithIt() throws Exception {
        DataDirectory dir = DataDirectory.prepare(temp.resolve("data"));
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, NOW);
        X509Certificate first = ServingCertificate.loadOrIssue(dir, ca, names("127.0.0.1"), NOW).certificate().certificate();

        ServingCertificate.Loaded second = ServingCertificate.loadOrIssue(dir, ca, names("192.168.7.9"), NOW);

        assertThat(second.outcome()).isEqualTo(ServingCertificate.Outcome.ISSUED);
        assertThat(second.certificate().certificate().getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(second.certificate().certificate().getSubjectAlternativeNames()).contains(List.of(7, "192.168.7.9"));
        assertThat(PemFile.readCertificate(dir.servingCertificate())).isEqualTo(second.certificate().certificate());
    }

    @Test
    void aCertificateNearExpiryIsReissued() {
        DataDirectory dir = DataDirectory.prepare(temp.resolve("data"));
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, NOW);
        ServingCertificate.loadOrIssue(dir, ca, names("127.0.0.1"), NOW);

        Instant nearExpiry = NOW.plus(Duration.ofDays(350));
        ServingCertificate.Loaded renewed = ServingCertificate.loadOrIssue(dir, ca, names("127.0.0.1"), nearExpiry);

        assertThat(renewed.outcome()).isEqualTo(ServingCertificate.Outcome.ISSUED);
        assertThat(renewed.certificate().certificate().getNotAfter().toInstant())
                .isEqualTo(nearExpiry.plus(Duration.ofDays(365)));
    }

    @Test
    void aCertificateFromAnotherCaIsReplaced() {
        DataDirectory dir = DataDirectory.prepare(temp.resolve("data"));
        CertificateAuthority oldCa = CertificateAuthority.create(NOW);
        ServingCertificate.loadOrIssue(dir, oldCa, names("127.0.0.1"), NOW);

        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, NOW);
        ServingCertificate.Loaded loaded = ServingCertificate.loadOrIssue(dir, ca, names("127.0.0.1"), NOW);

        assertThat(loaded.outcome()).isEqualTo(ServingCertificate.Outcome.ISSUED);
        assertThat(ca.signed(loaded.certificate().certificate())).isTrue();
    }

    @Test
    void privateKeysAreOwnerOnly() throws Exception {
        DataDirectory dir = DataDirectory.prepare(temp.resolve("data"));
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, NOW);
        ServingCertificate.loadOrIssue(dir, ca, names("127.0.0.1"), NOW);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.caKey()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.servingKey()))).isEqualTo("rw-------");
        assertThat(PemFile.readPrivateKey(dir.caKey())).isEqualTo(ca.key());
    }

    @Test
    void theTlsIdentityHoldsKeyAndChain() throws Exception {
        DataDirectory dir = DataDirectory.prepare(temp.resolve("data"));
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, NOW);
        ServingCertificate serving = ServingCertificate.loadOrIssue(dir, ca, names("127.0.0.1"), NOW).certificate();

        var identity = serving.tlsIdentity();

        assertThat(identity.keyStore().getKey(ServingCertificate.KEY_ALIAS, identity.password())).isEqualTo(serving.key());
        assertThat(identity.keyStore().getCertificateChain(ServingCertificate.KEY_ALIAS))
                .containsExactly(serving.certificate(), ca.certificate());
    }

    private static SubjectAlternativeNames names(String bindAddress) {
        return SubjectAlternativeNames.forServer(bindAddress, Optional.of("node-1"));
    }
}
