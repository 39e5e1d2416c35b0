package dev.beluga.server;

import dev.beluga.storage.etcd.EtcdSettings;
import dev.beluga.storage.etcd.EtcdTls;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options that choose the datastore, shared by every command that opens it ({@code server},
 * {@code datastore snapshot|restore}, {@code bench api}). Without {@code --datastore-endpoint} the
 * state is the SQLite file in the data dir.
 */
final class DatastoreOptions {
    @Option(names = "--datastore-endpoint", paramLabel = "URL[,URL...]", split = ",",
            description = "etcd client URLs (http:// or https://) to keep the cluster's state in, instead of the SQLite file in the data dir.")
    List<String> endpoints = new ArrayList<>();

    @Option(names = "--datastore-prefix", paramLabel = "PREFIX", defaultValue = EtcdSettings.DEFAULT_PREFIX,
            description = "Key prefix in etcd, as kube-apiserver's --etcd-prefix (default: ${DEFAULT-VALUE}).")
    String prefix = EtcdSettings.DEFAULT_PREFIX;

    @Option(names = "--datastore-cafile", paramLabel = "FILE", description = "CA certificate (PEM) that signed etcd's serving certificate; needed for https endpoints.")
    Optional<Path> caFile = Optional.empty();

    @Option(names = "--datastore-certfile", paramLabel = "FILE", description = "Client certificate (PEM) presented to etcd.")
    Optional<Path> certFile = Optional.empty();

    @Option(names = "--datastore-keyfile", paramLabel = "FILE", description = "Private key (PEM) of --datastore-certfile.")
    Optional<Path> keyFile = Optional.empty();

    /** The chosen backend; empty means the SQLite file in the data dir. @throws IllegalArgumentException on bad combinations */
    Optional<Datastore> datastore() {
        if (endpoints.isEmpty()) {
            if (caFile.isPresent() || certFile.isPresent() || keyFile.isPresent()) {
                throw new IllegalArgumentException("--datastore-cafile/--datastore-certfile/--datastore-keyfile need --datastore-endpoint");
            }
            return Optional.empty();
        }
        List<URI> urls = new ArrayList<>();
        boolean https = false;
        for (String raw : endpoints) {
            URI url = endpoint(raw.strip());
            https |= url.getScheme().equals("https");
            urls.add(url);
        }
        if (https && caFile.isEmpty()) {
            throw new IllegalArgumentException("https etcd endpoints need --datastore-cafile");
        }
        Optional<EtcdTls> tls = caFile.map(ca -> new EtcdTls(ca, certFile, keyFile));
        if (tls.isEmpty() && (certFile.isPresent() || keyFile.isPresent())) {
            throw new IllegalArgumentException("--datastore-certfile/--datastore-keyfile need --datastore-cafile");
        }
        return Optional.of(new Datastore.Etcd(new EtcdSettings(urls, prefix.strip(), tls, EtcdSettings.DEFAULT_REQUEST_TIMEOUT)));
    }

    private static URI endpoint(String raw) {
        URI url;
        try {
            url = new URI(raw);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--datastore-endpoint " + raw + " is not a URL: " + e.getMessage());
        }
        if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https")) || url.getHost() == null || url.getPort() < 0) {
            throw new IllegalArgumentException("--datastore-endpoint " + raw + " is not an etcd client URL like http://127.0.0.1:2379");
        }
        return url;
    }

}
