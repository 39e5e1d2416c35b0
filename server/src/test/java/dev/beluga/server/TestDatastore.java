package dev.beluga.server;

import dev.beluga.storage.etcd.EtcdProcess;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where an end-to-end test's server keeps its state: the SQLite file of its data dir (the default), or
 * a real etcd of its own on loopback, so the same tests run on both backends (issue 6: "the end-to-end
 * API tests run on both backends in CI").
 */
sealed interface TestDatastore extends AutoCloseable {

    /** The server's settings on this backend. */
    ServerSettings apply(ServerSettings settings);

    @Override
    void close();

    static TestDatastore sqlite() {
        return new Sqlite();
    }

    /** Starts etcd with its data under {@code dir}; skips the test without /usr/bin/etcd (fails with CI=true). */
    static TestDatastore etcd(Path dir) {
        return new Etcd(EtcdProcess.start(dir.resolve("etcd")));
    }

    record Sqlite() implements TestDatastore {
        @Override
        public ServerSettings apply(ServerSettings settings) {
            return settings;
        }

        @Override
        public void close() {}
    }

    record Etcd(EtcdProcess process) implements TestDatastore {
        @Override
        public ServerSettings apply(ServerSettings settings) {
            return settings.withDatastore(new Datastore.Etcd(process.settings("/registry", Duration.ofSeconds(10))));
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
