package dev.beluga.server;

import java.nio.file.Path;

/** KubectlEndToEndTest's kubectl flows with the server's state in a real etcd instead of SQLite. */
class KubectlEndToEndOnEtcdTest extends KubectlEndToEndTest {
    @Override
    TestDatastore datastore(Path dir) {
        return TestDatastore.etcd(dir);
    }
}
