package dev.beluga.storage.etcd;

import dev.beluga.storage.Store;
import dev.beluga.storage.StoreConformanceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The storage conformance suite, unchanged, on a real etcd. One etcd serves the whole class; each test's
 * store lives under a prefix of its own (named after the test's temp dir, so reopening in the same dir
 * finds the same keys), which keeps the suite's whole-store lists and counts to that test's keys.
 */
class EtcdStoreConformanceTest extends StoreConformanceTest {
    private static Path etcdDir;
    private static EtcdProcess etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        EtcdProcess.requireEtcd();
        etcdDir = Files.createTempDirectory("etcd-conf");
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
        return EtcdStore.connect(etcd.settings(prefixFor(dir), Duration.ofSeconds(10)));
    }

    static String prefixFor(Path dir) {
        return "/" + dir.getFileName() + "/registry";
    }
}
