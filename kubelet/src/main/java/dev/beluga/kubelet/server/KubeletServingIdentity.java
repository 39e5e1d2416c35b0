package dev.beluga.kubelet.server;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate and key the kubelet's HTTPS endpoint presents, as a key store holding one
 * private-key entry: the cluster's (handed in by whoever wires the kubelet), or one the kubelet
 * makes for itself, as upstream's kubelet does without --tls-cert-file (a self-signed certificate
 * for the node's names; the API server then needs that certificate as its CA, or skips verification).
 */
public record KubeletServingIdentity(KeyStore keyStore, char[] password, X509Certificate certificate) {
    static final String ALIAS = "kubelet-serving";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh self-signed ECDSA P-256 certificate for {@code hostname} and the given IPs, valid one year. */
    public static KubeletServingIdentity selfSigned(String hostname, List<String> ips, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + hostname + "@" + now.getEpochSecond());
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(127, RANDOM).setBit(126),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))), name, pair.getPublic());
            List<GeneralName> names = new ArrayList<>();
            names.add(new GeneralName(GeneralName.dNSName, hostname));
            for (String ip : ips) names.add(new GeneralName(GeneralName.iPAddress, ip));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return of(pair.getPrivate(), List.of(cert));
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot make the kubelet's self-signed certificate", e);
        }
    }

    /** The given key and chain (serving certificate first). */
    public static KubeletServingIdentity of(java.security.PrivateKey key, List<X509Certificate> chain) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        char[] password = HexFormat.of().formatHex(random).toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(Certificate[]::new));
            return new KubeletServingIdentity(store, password, chain.getFirst());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the kubelet's TLS key store", e);
        }
    }
}
