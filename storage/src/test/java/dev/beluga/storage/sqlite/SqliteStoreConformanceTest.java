package dev.beluga.storage.sqlite;

import dev.beluga.storage.Store;
import dev.beluga.storage.StoreConformanceTest;
import java.nio.file.Path;

class SqliteStoreConformanceTest extends StoreConformanceTest {
    @Override
    protected Store openStore(Path dir) {
        return SqliteStore.open(dir.resolve("state.db"));
    }
}
