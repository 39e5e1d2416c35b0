package dev.beluga.storage.etcd;

import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS towards etcd: the CA that signed etcd's serving certificate, and optionally a client certificate
 * and key (etcd's --client-cert-auth). Names follow kube-apiserver's --etcd-cafile/--etcd-certfile/--etcd-keyfile.
 */
public record EtcdTls(Path caFile, Optional<Path> certFile, Optional<Path> keyFile) {
    public EtcdTls {
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException("a client certificate for etcd needs both the certificate and its key");
        }
    }
}
