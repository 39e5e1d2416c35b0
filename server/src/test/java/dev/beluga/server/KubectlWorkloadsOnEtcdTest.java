package dev.beluga.server;

import java.nio.file.Path;

/** KubectlWorkloadsTest's deployment, statefulset and scheduling flows with the server's state in a real etcd. */
class KubectlWorkloadsOnEtcdTest extends KubectlWorkloadsTest {
    @Override
    TestDatastore datastore(Path dir) {
        return TestDatastore.etcd(dir);
    }
}
