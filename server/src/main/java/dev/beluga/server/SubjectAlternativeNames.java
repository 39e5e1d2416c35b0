package dev.beluga.server;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * The names a serving certificate is valid for. IP addresses are kept in one canonical text form
 * (as {@link InetAddress#getHostAddress()} writes them) so "::1" and "0:0:0:0:0:0:0:1" compare equal.
 */
record SubjectAlternativeNames(SortedSet<String> dnsNames, SortedSet<String> ipAddresses) {
    SubjectAlternativeNames {
        dnsNames = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(dnsNames));
        ipAddresses = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(ipAddresses));
    }

    /**
     * What clients may call a server bound to {@code bindAddress}: localhost and the loopback
     * addresses always, the machine's hostname, and the bind address itself unless it is a wildcard
     * (nobody connects to 0.0.0.0).
     */
    static SubjectAlternativeNames forServer(String bindAddress, Optional<String> hostname) {
        SortedSet<String> dns = new TreeSet<>(List.of("localhost"));
        SortedSet<String> ips = new TreeSet<>(List.of(canonicalIp("127.0.0.1"), canonicalIp("::1")));
        hostname.map(h -> h.toLowerCase(Locale.ROOT)).ifPresent(dns::add);
        Optional<InetAddress> bindIp = ipLiteral(bindAddress);
        if (bindIp.isPresent()) {
            if (!bindIp.get().isAnyLocalAddress()) {
                ips.add(bindIp.get().getHostAddress());
            }
        } else if (!bindAddress.isBlank()) {
            dns.add(bindAddress.toLowerCase(Locale.ROOT));
        }
        return new SubjectAlternativeNames(dns, ips);
    }

    /** The names in {@code certificate}'s subjectAltName extension. */
    static SubjectAlternativeNames of(X509Certificate certificate) {
        SortedSet<String> dns = new TreeSet<>();
        SortedSet<String> ips = new TreeSet<>();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries != null) {
                for (List<?> entry : entries) {
                    int type = (Integer) entry.get(0);
                    String value = (String) entry.get(1);
                    if (type == GeneralName.dNSName) {
                        dns.add(value.toLowerCase(Locale.ROOT));
                    } else if (type == GeneralName.iPAddress) {
                        ips.add(canonicalIp(value));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subjectAltName extension", e);
        }
        return new SubjectAlternativeNames(dns, ips);
    }

    GeneralNames toGeneralNames() {
        List<GeneralName> names = new java.util.ArrayList<>();
        dnsNames.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    @Override
    public String toString() {
        List<String> all = new java.util.ArrayList<>(dnsNames);
        all.addAll(ipAddresses);
        return String.join(", ", all);
    }

    private static String canonicalIp(String literal) {
        return InetAddress.ofLiteral(literal).getHostAddress();
    }

    private static Optional<InetAddress> ipLiteral(String text) {
        try {
            return Optional.of(InetAddress.ofLiteral(text));
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }
}
