package dev.beluga.server;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's own certificate authority (ECDSA P-256, 10 years): it signs the serving certificate,
 * and kubeconfig files carry its certificate so clients can verify the server. Created once per data
 * directory and kept; replacing it would invalidate every kubeconfig handed out.
 */
record CertificateAuthority(X509Certificate certificate, PrivateKey key) {
    static final Duration VALIDITY = Duration.ofDays(3650);
    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    /** Certificates start this much in the past so that a client with a slightly late clock accepts them. */
    static final Duration BACKDATE = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The authority in {@code dir}, created there on first use. */
    static CertificateAuthority loadOrCreate(DataDirectory dir, Instant now) {
        if (Files.exists(dir.caCertificate()) && Files.exists(dir.caKey())) {
            return new CertificateAuthority(PemFile.readCertificate(dir.caCertificate()), PemFile.readPrivateKey(dir.caKey()));
        }
        CertificateAuthority created = create(now);
        // Key first: a certificate without its key on disk would be unusable after a crash.
        AtomicFile.write(dir.caKey(), PemFile.encode(created.key()).getBytes(StandardCharsets.US_ASCII), AtomicFile.OWNER_READ_WRITE);
        AtomicFile.write(dir.caCertificate(), created.pem().getBytes(StandardCharsets.US_ASCII), AtomicFile.WORLD_READABLE);
        return created;
    }

    static CertificateAuthority create(Instant now) {
        KeyPair pair = newKeyPair();
        X500Name name = new X500Name("CN=beluga-ca");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, newSerial(),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the CA certificate", e);
        }
        return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate());
    }

    /** A server certificate for {@code subjectKey}, valid for {@code names} from now for {@code validity}. */
    X509Certificate issueServing(PublicKey subjectKey, String commonName, SubjectAlternativeNames names,
                                 Instant now, Duration validity) {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, newSerial(),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), new X500Name("CN=" + commonName), subjectKey);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, names.toGeneralNames());
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build a serving certificate", e);
        }
        return sign(builder, key);
    }

    /** True if this authority's key signed {@code issued}. */
    boolean signed(X509Certificate issued) {
        try {
            issued.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    String pem() {
        return PemFile.encode(certificate);
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make P-256 keys", e);
        }
    }

    /** Positive and random (RFC 5280 allows up to 20 bytes), so two certificates never share one. */
    private static BigInteger newSerial() {
        return new BigInteger(127, RANDOM).setBit(126);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey)));
        } catch (OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }
}
