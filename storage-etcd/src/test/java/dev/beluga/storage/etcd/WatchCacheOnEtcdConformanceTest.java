package dev.beluga.storage.etcd;

import dev.beluga.storage.Store;
import dev.beluga.storage.StoreConformanceTest;
import dev.beluga.storage.WatchCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The storage conformance suite, unchanged, on the watch cache in front of etcd (the API server's stack). */
class WatchCacheOnEtcdConformanceTest extends StoreConformanceTest {
    private static Path etcdDir;
    private static EtcdProcess etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        EtcdProcess.requireEtcd();
        etcdDir = Files.createTempDirectory("etcd-wc");
        etcd = EtcdProcess.start(etcdDir);
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Override
    protected Store openStore(Path dir) {
        EtcdStore backend = EtcdStore.connect(etcd.settings(EtcdStoreConformanceTest.prefixFor(dir), Duration.ofSeconds(10)));
        return new WatchCache(backend, WatchCache.ValueTransformer.identity(), 1000);
    }
}
