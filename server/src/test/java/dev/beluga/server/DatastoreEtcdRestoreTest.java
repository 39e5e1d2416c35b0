package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.http.HttpTransport;
import dev.beluga.storage.etcd.EtcdProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** `beluga datastore snapshot|restore` on a real etcd (started here on loopback ports), and across backends. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatastoreEtcdRestoreTest {
    @TempDir
    Path temp;

    private Path etcdDir;
    private EtcdProcess etcd;

    @BeforeAll
    void startEtcd() throws Exception {
        etcdDir = Files.createTempDirectory("beluga-etcd-");
        etcd = EtcdProcess.start(etcdDir);
    }

    @AfterAll
    void stopEtcd() throws Exception {
        if (etcd != null) {
            etcd.close();
        }
        if (etcdDir != null) {
            ScratchDirectory.deleteTree(etcdDir);
        }
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private BelugaServer start(Path dataDir, Optional<String> etcdPrefix) {
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, dataDir, Duration.ofMinutes(5), 1000);
        if (etcdPrefix.isPresent()) {
            settings = settings.withDatastore(new Datastore.Etcd(etcd.settings(etcdPrefix.get(), Duration.ofSeconds(10))));
        }
        return BelugaServer.start(settings, Optional.of("node-1"), new PrintWriter(OutputStream.nullOutputStream()));
    }

    private static ConfigMap configMap(String namespace, String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata().withData(data).build();
    }

    @Test
    void anEtcdSnapshotRestoresOverItsOwnPrefixWithForceAndIntoSqlite() throws Exception {
        String prefix = "/etcd-round-trip/registry";
        String endpoint = etcd.endpoint().toString();
        Path snapshot = temp.resolve("etcd.snap");
        ConfigMap saved;
        try (BelugaServer server = start(temp.resolve("a"), Optional.of(prefix)); Client client = HttpTransport.fromKubeconfig(server.kubeconfig())) {
            client.create(Kind.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName("backup").endMetadata().build());
            saved = client.create(Kind.CONFIGMAPS, configMap("backup", "settings", Map.of("color", "blue")));

            CommandRun snap = run("datastore", "snapshot", "--datastore-endpoint", endpoint, "--datastore-prefix", prefix, snapshot.toString());
            assertThat(snap.exitCode()).as(snap.err()).isZero();
            assertThat(snap.out()).contains("beluga: snapshot of etcd", "at revision");

            client.create(Kind.CONFIGMAPS, configMap("backup", "later", Map.of()));
        }
        long snapshotRevision = Long.parseLong(snapOutRevision(snapshot));

        CommandRun refused = run("datastore", "restore", "--datastore-endpoint", endpoint, "--datastore-prefix", prefix, snapshot.toString());
        assertThat(refused.exitCode()).isEqualTo(CommandFailureHandler.FAILED);
        assertThat(refused.err()).contains("keys; restore into an empty store, or add --force", "nothing was restored");

        CommandRun forced = run("datastore", "restore", "--force", "--datastore-endpoint", endpoint, "--datastore-prefix", prefix, snapshot.toString());
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("beluga: restored", "restart every beluga server on this etcd");

        try (BelugaServer server = start(temp.resolve("a"), Optional.of(prefix)); Client client = HttpTransport.fromKubeconfig(server.kubeconfig())) {
            ConfigMap restored = client.get(Kind.CONFIGMAPS, "backup", "settings").orElseThrow();
            assertThat(restored.getData()).isEqualTo(Map.of("color", "blue"));
            assertThat(restored.getMetadata().getUid()).isEqualTo(saved.getMetadata().getUid());
            // etcd cannot keep revisions: the object has a new resourceVersion, past everything the snapshot held.
            assertThat(Long.parseLong(restored.getMetadata().getResourceVersion())).isGreaterThan(snapshotRevision);
            assertThat(client.get(Kind.CONFIGMAPS, "backup", "later")).isEmpty();
        }

        Path sqlite = temp.resolve("b");
        CommandRun intoSqlite = run("datastore", "restore", "--data-dir", sqlite.toString(), snapshot.toString());
        assertThat(intoSqlite.exitCode()).as(intoSqlite.err()).isZero();
        try (BelugaServer server = start(sqlite, Optional.empty()); Client client = HttpTransport.fromKubeconfig(server.kubeconfig())) {
            ConfigMap restored = client.get(Kind.CONFIGMAPS, "backup", "settings").orElseThrow();
            assertThat(restored.getMetadata().getUid()).isEqualTo(saved.getMetadata().getUid());
            assertThat(restored.getMetadata().getResourceVersion()).isEqualTo(saved.getMetadata().getResourceVersion());
        }
    }

    @Test
    void aSqliteSnapshotMigratesIntoAnEmptyEtcdPrefix() throws Exception {
        Path snapshot = temp.resolve("sqlite.snap");
        ConfigMap saved;
        try (BelugaServer server = start(temp.resolve("c"), Optional.empty()); Client client = HttpTransport.fromKubeconfig(server.kubeconfig())) {
            saved = client.create(Kind.CONFIGMAPS, configMap("default", "moved", Map.of("k", "v")));
            assertThat(run("datastore", "snapshot", "--data-dir", temp.resolve("c").toString(), snapshot.toString()).exitCode()).isZero();
        }
        String prefix = "/migrated";

        CommandRun restore = run("datastore", "restore", "--bump-revision", "500", "--datastore-endpoint", etcd.endpoint().toString(),
                "--datastore-prefix", prefix, snapshot.toString());
        assertThat(restore.exitCode()).as(restore.err()).isZero();

        try (BelugaServer server = start(temp.resolve("d"), Optional.of(prefix)); Client client = HttpTransport.fromKubeconfig(server.kubeconfig())) {
            ConfigMap moved = client.get(Kind.CONFIGMAPS, "default", "moved").orElseThrow();
            assertThat(moved.getData()).isEqualTo(Map.of("k", "v"));
            assertThat(moved.getMetadata().getUid()).isEqualTo(saved.getMetadata().getUid());
            assertThat(Long.parseLong(moved.getMetadata().getResourceVersion())).isGreaterThan(Long.parseLong(saved.getMetadata().getResourceVersion()) + 500);
        }
    }

    private static String snapOutRevision(Path snapshot) {
        return String.valueOf(dev.beluga.storage.snapshot.SnapshotReader.verify(snapshot).header().revision());
    }
}
