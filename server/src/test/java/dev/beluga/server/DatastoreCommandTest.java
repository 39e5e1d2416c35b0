package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.http.HttpTransport;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `beluga datastore snapshot|restore` on SQLite, against a running server's data. */
class DatastoreCommandTest {
    @TempDir
    Path temp;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private static BelugaServer start(Path dataDir) {
        return BelugaServer.start(new ServerSettings("127.0.0.1", 0, dataDir, Duration.ofMinutes(5), 1000),
                Optional.of("node-1"), new PrintWriter(OutputStream.nullOutputStream()));
    }

    @Test
    void aSnapshotOfARunningServerRestoresIntoANewDataDirWhoseServerServesTheSameObjects() throws Exception {
        Path source = temp.resolve("a");
        Path target = temp.resolve("b");
        Path snapshot = temp.resolve("cluster.snap");
        ConfigMap saved;
        Secret secret;
        try (BelugaServer server = start(source); Client client = HttpTransport.fromKubeconfig(server.kubeconfig())) {
            client.create(Kind.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName("backup").endMetadata().build());
            saved = client.create(Kind.CONFIGMAPS, new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("backup").endMetadata()
                    .withData(Map.of("color", "blue")).build());
            secret = client.create(Kind.SECRETS, new SecretBuilder().withNewMetadata().withName("key").withNamespace("backup").endMetadata()
                    .withStringData(Map.of("password", "s3cret")).build());

            CommandRun snap = run("datastore", "snapshot", "--data-dir", source.toString(), snapshot.toString());
            assertThat(snap.exitCode()).as(snap.err()).isZero();
            assertThat(snap.out()).contains("beluga: snapshot of sqlite " + source.resolve("beluga.db") + " at revision", "sha256", "wrote " + snapshot);

            // Written after the snapshot: not in it.
            client.create(Kind.CONFIGMAPS, new ConfigMapBuilder().withNewMetadata().withName("later").withNamespace("backup").endMetadata().build());

            CommandRun whileRunning = run("datastore", "restore", "--force", "--data-dir", source.toString(), snapshot.toString());
            assertThat(whileRunning.exitCode()).isEqualTo(CommandFailureHandler.FAILED);
            assertThat(whileRunning.err()).contains("in use by another process", "nothing was restored");
            assertThat(client.get(Kind.CONFIGMAPS, "backup", "later")).isPresent();
        }

        CommandRun restore = run("datastore", "restore", "--data-dir", target.toString(), snapshot.toString());
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("beluga: restored", "into sqlite " + target.resolve("beluga.db"), "start the server");

        CommandRun again = run("datastore", "restore", "--data-dir", target.toString(), snapshot.toString());
        assertThat(again.exitCode()).isEqualTo(CommandFailureHandler.FAILED);
        assertThat(again.err()).contains("keys; restore into an empty store, or add --force", "nothing was restored");

        try (BelugaServer server = start(target); Client client = HttpTransport.fromKubeconfig(server.kubeconfig())) {
            ConfigMap restored = client.get(Kind.CONFIGMAPS, "backup", "settings").orElseThrow();
            assertThat(restored.getData()).isEqualTo(Map.of("color", "blue"));
            assertThat(restored.getMetadata().getUid()).isEqualTo(saved.getMetadata().getUid());
            assertThat(restored.getMetadata().getResourceVersion()).isEqualTo(saved.getMetadata().getResourceVersion());
            assertThat(client.get(Kind.SECRETS, "backup", "key").orElseThrow().getData()).isEqualTo(
                    Map.of("password", java.util.Base64.getEncoder().encodeToString("s3cret".getBytes())));
            assertThat(secret.getMetadata().getName()).isEqualTo("key");
            assertThat(client.get(Kind.CONFIGMAPS, "backup", "later")).isEmpty();

            ConfigMap next = client.create(Kind.CONFIGMAPS, new ConfigMapBuilder().withNewMetadata().withName("next").withNamespace("backup").endMetadata().build());
            assertThat(Long.parseLong(next.getMetadata().getResourceVersion())).isGreaterThan(Long.parseLong(saved.getMetadata().getResourceVersion()));
        }
    }

    @Test
    void aTruncatedOrForeignFileRestoresNothing() throws Exception {
        Path source = temp.resolve("a");
        Path snapshot = temp.resolve("cluster.snap");
        try (BelugaServer ignored = start(source)) {
            assertThat(run("datastore", "snapshot", "--data-dir", source.toString(), snapshot.toString()).exitCode()).isZero();
        }
        byte[] bytes = Files.readAllBytes(snapshot);
        Path truncated = Files.write(temp.resolve("truncated.snap"), Arrays.copyOf(bytes, bytes.length / 2));
        Path target = temp.resolve("b");

        CommandRun cut = run("datastore", "restore", "--data-dir", target.toString(), truncated.toString());
        CommandRun database = run("datastore", "restore", "--data-dir", target.toString(), source.resolve("beluga.db").toString());
        CommandRun missing = run("datastore", "restore", "--data-dir", target.toString(), temp.resolve("none.snap").toString());

        assertThat(cut.exitCode()).isEqualTo(CommandFailureHandler.FAILED);
        assertThat(cut.err()).contains("truncated", "nothing was restored");
        assertThat(database.err()).contains("is a SQLite database, not a snapshot");
        assertThat(missing.err()).contains("no snapshot file");
        assertThat(target.resolve("beluga.db")).doesNotExist();
    }

    @Test
    void aSnapshotOfADataDirWithoutAStoreSaysSo() {
        CommandRun run = run("datastore", "snapshot", "--data-dir", temp.resolve("never").toString(), temp.resolve("x.snap").toString());

        assertThat(run.exitCode()).isEqualTo(CommandFailureHandler.FAILED);
        assertThat(run.err()).contains("no SQLite store at " + temp.resolve("never/beluga.db"));
        assertThat(temp.resolve("never")).doesNotExist();
    }

    @Test
    void helpNamesTheOptions() {
        CommandRun snapshot = run("datastore", "snapshot", "--help");
        CommandRun restore = run("datastore", "restore", "--help");
        CommandRun group = run("datastore");

        assertThat(snapshot.out()).startsWith("Usage: beluga datastore snapshot").contains("--data-dir", "--datastore-endpoint", "FILE", "$(date +%F)");
        assertThat(snapshot.err()).doesNotContain("Could not format");
        assertThat(restore.out()).startsWith("Usage: beluga datastore restore").contains("--force", "--bump-revision", "--datastore-endpoint");
        assertThat(group.exitCode()).isNotZero();
        assertThat(group.err()).contains("Missing command");
    }
}
