package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The acceptance scenarios that look inside containers with kubectl exec: a pod's containers
 * share its network, volumes and IPC; capabilities apply per container; pods reach each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerPodsExecTest {
    private LocalNodeCluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = LocalNodeCluster.start("10.89.4.0/24");
        cluster.ok(null, "create", "namespace", "exec");
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    private String execUntil(String expected, String... args) throws Exception {
        String[] full = new String[args.length + 3];
        full[0] = "-n";
        full[1] = "exec";
        full[2] = "exec";
        System.arraycopy(args, 0, full, 3, args.length);
        return cluster.await("kubectl exec printing " + expected, out -> out.contains(expected), full);
    }

    private void duo() throws Exception {
        if (!cluster.jsonpath("exec", "pod/duo", "{.metadata.name}").isEmpty()) return;
        cluster.apply("exec", """
                apiVersion: v1
                kind: Pod
                metadata: {name: duo}
                spec:
                  terminationGracePeriodSeconds: 2
                  containers:
                  - name: server
                    image: busybox:1.35
                    command: [sh, -c, 'mkdir -p /www && echo hi-from-server > /www/index.html && exec httpd -f -p 8080 -h /www']
                  - name: client
                    image: busybox:1.35
                    command: [sh, -c, 'sleep 3600']
                """);
        cluster.awaitReady("exec", "duo");
    }

    @Test
    void containersOfAPodShareTheNetwork() throws Exception {
        duo();
        execUntil("hi-from-server", "duo", "-c", "client", "--", "wget", "-qO-", "http://localhost:8080/index.html");
    }

    @Test
    void containersOfAPodShareAnEmptyDir() throws Exception {
        cluster.apply("exec", """
                apiVersion: v1
                kind: Pod
                metadata: {name: vol}
                spec:
                  terminationGracePeriodSeconds: 2
                  volumes: [{name: shared-data, emptyDir: {}}]
                  containers:
                  - name: writer
                    image: busybox:1.35
                    command: [sh, -c, 'echo written-by-writer > /data/index.html; sleep 3600']
                    volumeMounts: [{name: shared-data, mountPath: /data}]
                  - name: reader
                    image: busybox:1.35
                    command: [sh, -c, 'sleep 3600']
                    volumeMounts: [{name: shared-data, mountPath: /usr/share/web}]
                """);
        cluster.awaitReady("exec", "vol");
        execUntil("written-by-writer", "vol", "-c", "reader", "--", "cat", "/usr/share/web/index.html");
    }

    @Test
    void containersOfAPodShareIpcAndCapabilitiesArePerContainer() throws Exception {
        cluster.apply("exec", """
                apiVersion: v1
                kind: Pod
                metadata: {name: ipc}
                spec:
                  terminationGracePeriodSeconds: 2
                  containers:
                  - name: one
                    image: busybox:1.35
                    command: [sh, -c, 'echo shm-token > /dev/shm/token; sleep 3600']
                  - name: two
                    image: busybox:1.35
                    command: [sh, -c, 'sleep 3600']
                    securityContext:
                      capabilities:
                        add: [IPC_LOCK]
                """);
        cluster.awaitReady("exec", "ipc");
        execUntil("shm-token", "ipc", "-c", "two", "--", "cat", "/dev/shm/token");
        long two = capEff(cluster.ok(null, "-n", "exec", "exec", "ipc", "-c", "two", "--", "grep", "CapEff", "/proc/self/status").out());
        long one = capEff(cluster.ok(null, "-n", "exec", "exec", "ipc", "-c", "one", "--", "grep", "CapEff", "/proc/self/status").out());
        long ipcLock = 1L << 14;
        assertThat(two & ipcLock).as("IPC_LOCK in container two's CapEff %x", two).isNotZero();
        assertThat(one & ipcLock).as("IPC_LOCK not in container one's CapEff %x", one).isZero();
    }

    private static long capEff(String line) {
        return Long.parseUnsignedLong(line.strip().split("\\s+")[1], 16);
    }

    @Test
    void aPodReachesAnotherPodsIp() throws Exception {
        duo();
        cluster.apply("exec", """
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  terminationGracePeriodSeconds: 2
                  containers:
                  - name: web
                    image: busybox:1.35
                    command: [sh, -c, 'mkdir -p /www && echo hello-from-web > /www/index.html && exec httpd -f -p 8080 -h /www']
                """);
        cluster.awaitReady("exec", "web");
        String webIp = cluster.jsonpath("exec", "pod/web", "{.status.podIP}");
        String duoIp = cluster.jsonpath("exec", "pod/duo", "{.status.podIP}");
        assertThat(webIp).startsWith("10.89.4.").isNotEqualTo(duoIp);
        execUntil("hello-from-web", "duo", "-c", "client", "--", "wget", "-qO-", "http://" + webIp + ":8080/index.html");
    }
}
