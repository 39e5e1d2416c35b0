package dev.beluga.server;

import dev.beluga.storage.StorageException;
import dev.beluga.storage.Store;
import dev.beluga.storage.etcd.EtcdSettings;
import dev.beluga.storage.etcd.EtcdStore;
import dev.beluga.storage.sqlite.SqliteStore;
import java.nio.file.Path;

/** Which backend holds the cluster's state: the embedded SQLite file (default) or etcd. */
sealed interface Datastore {

    /** Opens the backend. @throws CommandFailure when it cannot be opened or reached */
    Store open();

    /** One line for the operator, e.g. {@code sqlite /var/lib/beluga/beluga.db}. */
    String describe();

    record Sqlite(Path file) implements Datastore {
        @Override
        public Store open() {
            try {
                return SqliteStore.open(file);
            } catch (StorageException e) {
                throw new CommandFailure("cannot open the store " + file + ": " + CommandFailure.rootCause(e).getMessage(), e);
            }
        }

        @Override
        public String describe() {
            return "sqlite " + file;
        }
    }

    record Etcd(EtcdSettings settings) implements Datastore {
        @Override
        public Store open() {
            try {
                return EtcdStore.connect(settings);
            } catch (StorageException e) {
                throw new CommandFailure("cannot reach etcd at " + settings.endpoints() + ": " + CommandFailure.rootCause(e).getMessage(), e);
            }
        }

        @Override
        public String describe() {
            return "etcd " + settings.endpoints() + " prefix " + settings.prefix();
        }
    }
}
