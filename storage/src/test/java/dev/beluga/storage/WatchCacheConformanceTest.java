package dev.beluga.storage;

import dev.beluga.storage.sqlite.SqliteStore;
import java.nio.file.Path;

class WatchCacheConformanceTest extends StoreConformanceTest {
    @Override
    protected Store openStore(Path dir) {
        return new WatchCache(SqliteStore.open(dir.resolve("state.db")), WatchCache.ValueTransformer.identity(), 1000);
    }
}
