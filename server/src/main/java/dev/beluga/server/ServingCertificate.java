package dev.beluga.server;

import dev.beluga.apiserver.TlsIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The certificate the API server presents: signed by the cluster CA, valid one year for the names
 * clients use. Kept across restarts, and issued anew when the names change (another bind address or
 * hostname), when it is within {@link #RENEW_BEFORE} of expiry, or when another CA signed it.
 */
record ServingCertificate(X509Certificate certificate, PrivateKey key, X509Certificate caCertificate) {
    static final Duration VALIDITY = Duration.ofDays(365);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    static final String KEY_ALIAS = "beluga-serving";

    /** What happened on disk, so the server can say so. */
    enum Outcome { REUSED, ISSUED }

    record Loaded(ServingCertificate certificate, Outcome outcome) {}

    static Loaded loadOrIssue(DataDirectory dir, CertificateAuthority ca, SubjectAlternativeNames names, Instant now) {
        if (Files.exists(dir.servingCertificate()) && Files.exists(dir.servingKey())) {
            X509Certificate existing = PemFile.readCertificate(dir.servingCertificate());
            if (!needsReissue(existing, ca, names, now)) {
                PrivateKey key = PemFile.readPrivateKey(dir.servingKey());
                return new Loaded(new ServingCertificate(existing, key, ca.certificate()), Outcome.REUSED);
            }
        }
        KeyPair pair = CertificateAuthority.newKeyPair();
        X509Certificate issued = ca.issueServing(pair.getPublic(), "beluga-apiserver", names, now, VALIDITY);
        AtomicFile.write(dir.servingKey(), PemFile.encode(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII), AtomicFile.OWNER_READ_WRITE);
        AtomicFile.write(dir.servingCertificate(), PemFile.encode(issued).getBytes(StandardCharsets.US_ASCII), AtomicFile.WORLD_READABLE);
        return new Loaded(new ServingCertificate(issued, pair.getPrivate(), ca.certificate()), Outcome.ISSUED);
    }

    static boolean needsReissue(X509Certificate existing, CertificateAuthority ca, SubjectAlternativeNames names, Instant now) {
        boolean nearExpiry = existing.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE));
        boolean notYetValid = existing.getNotBefore().toInstant().isAfter(now);
        return nearExpiry || notYetValid || !ca.signed(existing) || !SubjectAlternativeNames.of(existing).equals(names);
    }

    /** The key and chain (serving, then CA) in an in-memory PKCS#12 store, as the API server takes it. */
    TlsIdentity tlsIdentity() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        char[] password = HexFormat.of().formatHex(random).toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            store.setKeyEntry(KEY_ALIAS, key, password, new Certificate[] {certificate, caCertificate});
            return new TlsIdentity(store, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS key store", e);
        }
    }
}
