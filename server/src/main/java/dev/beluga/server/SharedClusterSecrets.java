package dev.beluga.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.beluga.api.codec.Json;
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.StorageException;
import dev.beluga.storage.Store;
import dev.beluga.storage.WriteResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster's bootstrap secrets (the CA's certificate and key, the admin token) kept in a datastore
 * that several servers share, so that they serve one cluster: a kubeconfig of any server works against
 * every server, and the token one server presents to kubelets is the one every node accepts.
 *
 * <p>The first server offers the secrets of its data directory (made there if new) with a
 * create-if-absent write, so of servers starting at once exactly one wins; every other server adopts
 * what is stored and writes it into its own data directory, replacing what was there (its serving
 * certificate is then re-issued by the shared CA, for its own names). The key is outside the API's
 * resources (see {@link #keyFor}), so no request reaches it. As upstream, whoever can read the
 * datastore holds the cluster: the CA key and the admin token are there in the clear, beside every Secret.
 */
final class SharedClusterSecrets {
    /** Outside the API's key space (every resource lives under /registry/). */
    static final String KEY = "/beluga/cluster-secrets";
    /** For an etcd prefix that holds only /registry keys: a group no resource of ours has. */
    static final String KEY_IN_REGISTRY = "/registry/beluga.dev/cluster-secrets";

    /**
     * The store key for an etcd prefix. A prefix ending in {@code /registry} (the default) lets the store
     * keep keys beside the registry, so the secrets sit outside it ({@code /beluga/cluster-secrets}, or
     * {@code /cluster-a/beluga/cluster-secrets} under {@code /cluster-a/registry}); any other prefix holds
     * only registry keys, so they go under a group no resource has.
     */
    static String keyFor(String etcdPrefix) {
        return etcdPrefix.endsWith("/registry") ? KEY : KEY_IN_REGISTRY;
    }

    /** What this server did with the stored secrets, so it can say so. */
    enum Outcome {
        /** This server's secrets are now the cluster's. */
        STORED,
        /** Another server's secrets replaced this data directory's. */
        ADOPTED,
        /** The data directory already held the cluster's secrets. */
        UNCHANGED
    }

    /** The stored form: JSON with an empty metadata object, so the watch cache can stamp it like any value. */
    record Secrets(@JsonProperty("kind") String kind, @JsonProperty("metadata") java.util.Map<String, String> metadata,
                   @JsonProperty("caCertificate") String caCertificate, @JsonProperty("caKey") String caKey,
                   @JsonProperty("adminToken") String adminToken) {
        static final String KIND = "BelugaClusterSecrets";

        Secrets(String caCertificate, String caKey, String adminToken) {
            this(KIND, java.util.Map.of(), caCertificate, caKey, adminToken);
        }
    }

    private SharedClusterSecrets() {}

    /**
     * Makes {@code dir}'s CA and admin token the cluster's shared ones: adopted from {@code store} when
     * stored, else offered from {@code dir}. @throws CommandFailure when the store cannot be used
     */
    static Outcome share(Store store, DataDirectory dir, Instant now) {
        return share(store, KEY, dir, now);
    }

    static Outcome share(Store store, String key, DataDirectory dir, Instant now) {
        try {
            Optional<KeyValue> stored = store.get(key);
            if (stored.isPresent()) return adopt(decode(stored.get()), dir);
            CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, now);
            AdminToken token = AdminToken.loadOrCreate(dir.adminToken());
            Secrets mine = new Secrets(ca.pem(), read(dir.caKey()), token.value());
            return switch (store.create(key, Json.MAPPER.writeValueAsBytes(mine))) {
                case WriteResult.Ok ok -> Outcome.STORED;
                // Another server stored its secrets between our read and our create: theirs win.
                case WriteResult.AlreadyExists exists -> adopt(decode(exists.current()), dir);
                case WriteResult other -> throw new CommandFailure("unexpected answer storing the cluster's secrets: " + other);
            };
        } catch (StorageException e) {
            throw new CommandFailure("cannot share the cluster's CA and token through the datastore: " + CommandFailure.rootCause(e).getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the cluster's secrets", e);
        }
    }

    private static Secrets decode(KeyValue kv) {
        try {
            Secrets s = Json.MAPPER.readValue(kv.value(), Secrets.class);
            if (s.caCertificate() == null || s.caKey() == null || s.adminToken() == null || !Secrets.KIND.equals(s.kind())) {
                throw new CommandFailure("the datastore's " + kv.key() + " does not hold the cluster's secrets");
            }
            return s;
        } catch (IOException e) {
            throw new CommandFailure("the datastore's " + kv.key() + " is not readable: " + e.getMessage(), e);
        }
    }

    private static Outcome adopt(Secrets stored, DataDirectory dir) {
        boolean changed = replace(dir.caKey(), stored.caKey(), AtomicFile.OWNER_READ_WRITE);
        changed |= replace(dir.caCertificate(), stored.caCertificate(), AtomicFile.WORLD_READABLE);
        changed |= replace(dir.adminToken(), stored.adminToken() + "\n", AtomicFile.OWNER_READ_WRITE);
        return changed ? Outcome.ADOPTED : Outcome.UNCHANGED;
    }

    /** Writes {@code content} unless the file holds it already; true if it wrote. */
    private static boolean replace(Path file, String content, Set<PosixFilePermission> permissions) {
        if (Files.exists(file) && read(file).strip().equals(content.strip())) return false;
        AtomicFile.write(file, content.getBytes(StandardCharsets.US_ASCII), permissions);
        return true;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
