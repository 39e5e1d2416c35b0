package dev.beluga.storage.sqlite;

import dev.beluga.storage.StorageException;
import java.nio.file.Path;

/** Another store (a running server, a restore) writes the SQLite file. */
public final class StoreInUseException extends StorageException {
    private final Path database;

    public StoreInUseException(Path database) {
        super("the SQLite store " + database + " is in use by another process (a running beluga server?)");
        this.database = database;
    }

    public Path database() {
        return database;
    }
}
