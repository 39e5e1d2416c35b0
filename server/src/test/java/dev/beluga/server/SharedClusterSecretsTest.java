package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.storage.Store;
import dev.beluga.storage.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store is SQLite here: what is tested is the protocol over the SPI, which is the same on etcd. */
class SharedClusterSecretsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path temp;
    private Store store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(temp.resolve("shared.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theFirstServerStoresItsSecretsAndTheNextAdoptsThem() throws Exception {
        DataDirectory first = DataDirectory.prepare(temp.resolve("one"));
        DataDirectory second = DataDirectory.prepare(temp.resolve("two"));

        assertThat(SharedClusterSecrets.share(store, first, NOW)).isEqualTo(SharedClusterSecrets.Outcome.STORED);
        assertThat(SharedClusterSecrets.share(store, second, NOW)).isEqualTo(SharedClusterSecrets.Outcome.ADOPTED);
        assertThat(SharedClusterSecrets.share(store, second, NOW)).as("a restart").isEqualTo(SharedClusterSecrets.Outcome.UNCHANGED);

        assertThat(Files.readString(second.caCertificate())).isEqualTo(Files.readString(first.caCertificate()));
        assertThat(Files.readString(second.caKey())).isEqualTo(Files.readString(first.caKey()));
        assertThat(Files.readString(second.adminToken()).strip()).isEqualTo(Files.readString(first.adminToken()).strip());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(second.caKey()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(second.adminToken()))).isEqualTo("rw-------");

        // Each server still has its own serving certificate, for its own names, signed by the one CA.
        ClusterCredentials one = ClusterCredentials.ensure(first, "127.0.0.1", Optional.of("one"), NOW);
        ClusterCredentials two = ClusterCredentials.ensure(second, "127.0.0.2", Optional.of("two"), NOW);
        assertThat(one.ca().signed(two.serving().certificate().certificate())).isTrue();
        assertThat(two.serving().certificate().certificate()).isNotEqualTo(one.serving().certificate().certificate());
        assertThat(two.adminToken()).isEqualTo(one.adminToken());
    }

    @Test
    void aDataDirectoryWithItsOwnCaAdoptsTheClustersAndItsServingCertificateIsReissued() throws Exception {
        DataDirectory first = DataDirectory.prepare(temp.resolve("one"));
        DataDirectory standalone = DataDirectory.prepare(temp.resolve("standalone"));
        SharedClusterSecrets.share(store, first, NOW);
        ClusterCredentials before = ClusterCredentials.ensure(standalone, "127.0.0.1", Optional.empty(), NOW);

        assertThat(SharedClusterSecrets.share(store, standalone, NOW)).isEqualTo(SharedClusterSecrets.Outcome.ADOPTED);
        ClusterCredentials after = ClusterCredentials.ensure(standalone, "127.0.0.1", Optional.empty(), NOW);

        assertThat(after.adminToken()).isNotEqualTo(before.adminToken());
        assertThat(after.ca().pem()).isEqualTo(Files.readString(first.caCertificate()));
        assertThat(after.serving().outcome()).isEqualTo(ServingCertificate.Outcome.ISSUED);
        assertThat(after.ca().signed(after.serving().certificate().certificate())).isTrue();
    }

    @Test
    void serversStartingAtOnceEndWithOneCaAndOneToken() throws Exception {
        List<DataDirectory> dirs = new ArrayList<>();
        for (int i = 0; i < 4; i++) dirs.add(DataDirectory.prepare(temp.resolve("s" + i)));
        List<Future<SharedClusterSecrets.Outcome>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(dirs.size())) {
            for (DataDirectory d : dirs) outcomes.add(pool.submit((Callable<SharedClusterSecrets.Outcome>) () -> SharedClusterSecrets.share(store, d, NOW)));
        }
        long stored = 0;
        for (Future<SharedClusterSecrets.Outcome> f : outcomes) if (f.get() == SharedClusterSecrets.Outcome.STORED) stored++;
        assertThat(stored).isEqualTo(1);
        for (DataDirectory d : dirs) {
            assertThat(Files.readString(d.caCertificate())).isEqualTo(Files.readString(dirs.getFirst().caCertificate()));
            assertThat(Files.readString(d.adminToken()).strip()).isEqualTo(Files.readString(dirs.getFirst().adminToken()).strip());
        }
    }

    @Test
    void anEtcdPrefixEndingInRegistryKeepsTheSecretsBesideItAnyOtherUnderAGroupNoResourceHas() {
        assertThat(SharedClusterSecrets.keyFor("/registry")).isEqualTo("/beluga/cluster-secrets");
        assertThat(SharedClusterSecrets.keyFor("/cluster-a/registry")).isEqualTo("/beluga/cluster-secrets");
        assertThat(SharedClusterSecrets.keyFor("/cluster-b")).isEqualTo("/registry/beluga.dev/cluster-secrets");
    }

    @Test
    void theSecretsAreOutsideTheApisKeySpace() {
        assertThat(SharedClusterSecrets.KEY).doesNotStartWith("/registry");
        SharedClusterSecrets.share(store, DataDirectory.prepare(temp.resolve("one")), NOW);
        assertThat(store.list("/registry/", 0, "", 0).items()).isEmpty();
        assertThat(store.get(SharedClusterSecrets.KEY)).isPresent();
    }
}
