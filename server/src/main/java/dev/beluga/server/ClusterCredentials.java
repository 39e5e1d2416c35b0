package dev.beluga.server;

import java.time.Instant;
import java.util.Optional;

/**
 * Everything a server needs to be trusted and to trust its administrator, made on first start and
 * reused after: the CA, the serving certificate for the current names, and the admin token.
 */
record ClusterCredentials(CertificateAuthority ca, ServingCertificate.Loaded serving, SubjectAlternativeNames names,
                          AdminToken adminToken) {

    static ClusterCredentials ensure(DataDirectory dir, String bindAddress, Optional<String> hostname, Instant now) {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, now);
        SubjectAlternativeNames names = SubjectAlternativeNames.forServer(bindAddress, hostname);
        ServingCertificate.Loaded serving = ServingCertificate.loadOrIssue(dir, ca, names, now);
        AdminToken token = AdminToken.loadOrCreate(dir.adminToken());
        return new ClusterCredentials(ca, serving, names, token);
    }
}
