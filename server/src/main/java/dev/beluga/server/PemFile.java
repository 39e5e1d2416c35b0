package dev.beluga.server;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM text for certificates and private keys, the format openssl and kubectl read. */
final class PemFile {
    private PemFile() {}

    static String encode(X509Certificate certificate) {
        return write(certificate);
    }

    /** PKCS#8 ("BEGIN PRIVATE KEY"), whatever the algorithm. */
    static String encode(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot encode private key", e);
        }
    }

    static X509Certificate readCertificate(Path file) {
        Object object = readObject(file);
        if (!(object instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException(file + " does not hold a PEM certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + " holds an unreadable certificate", e);
        }
    }

    /** Accepts PKCS#8 and the older "BEGIN EC/RSA PRIVATE KEY" forms, so hand-placed keys work too. */
    static PrivateKey readPrivateKey(Path file) {
        Object object = readObject(file);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " holds an unreadable private key", e);
        }
        throw new IllegalArgumentException(file + " does not hold a PEM private key");
    }

    private static Object readObject(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            if (object == null) {
                throw new IllegalArgumentException(file + " holds no PEM data");
            }
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String write(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
