package dev.beluga.storage.etcd;

import dev.beluga.storage.Store;
import dev.beluga.storage.WatchCache;
import java.nio.file.Path;

/**
 * The storage conformance suite, unchanged, on the watch cache in front of etcd (the API server's stack):
 * the etcd class's etcd and per-test prefixes, each store wrapped in a cache.
 */
class WatchCacheOnEtcdConformanceTest extends EtcdStoreConformanceTest {
    @Override
    protected Store openStore(Path dir) {
        return new WatchCache(super.openStore(dir), WatchCache.ValueTransformer.identity(), 1000);
    }
}
