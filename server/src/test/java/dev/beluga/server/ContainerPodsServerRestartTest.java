package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A server stopped while its pods run, then started again on the same data directory: the pods'
 * containers kept running under their shims and the new kubelet adopts them instead of restarting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerPodsServerRestartTest {
    private LocalNodeCluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = LocalNodeCluster.start("10.89.3.0/24");
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    @Test
    void aRunningPodSurvivesAServerRestartWithTheSameContainer() throws Exception {
        cluster.ok(null, "create", "namespace", "survive");
        cluster.apply("survive", """
                apiVersion: v1
                kind: Pod
                metadata: {name: survivor}
                spec:
                  terminationGracePeriodSeconds: 2
                  containers:
                  - name: main
                    image: busybox:1.35
                    command: [sh, -c, 'echo booted; exec sleep 3600']
                """);
        cluster.awaitReady("survive", "survivor");
        String status = "{.status.containerStatuses[0].containerID} {.status.containerStatuses[0].restartCount} {.status.podIP}";
        String before = cluster.jsonpath("survive", "pod/survivor", status);
        assertThat(before).startsWith("containerd://").contains(" 0 10.89.3.");

        cluster.restartServer();

        // First through the new kubelet: it serves the pod's log once its informer listed the pod and a worker took it,
        // which can be after the reads below (the API still holds the old kubelet's status). The same container: its
        // log still holds the single boot line.
        cluster.await("the pod's log through the new kubelet, the single boot line", "booted"::equals, "-n", "survive", "logs", "survivor");
        cluster.awaitReady("survive", "survivor");
        cluster.await("the node Ready again", "True"::equals, "get", "nodes", "-o",
                "jsonpath={.items[0].status.conditions[?(@.type==\"Ready\")].status}");
        assertThat(cluster.jsonpath("survive", "pod/survivor", "{.status.phase}")).isEqualTo("Running");
        assertThat(cluster.jsonpath("survive", "pod/survivor", status)).as("container id, restart count, pod IP after the restart").isEqualTo(before);
        String id = before.split(" ")[0].substring("containerd://".length());
        assertThat(cluster.containerdContainers()).contains(id);
    }
}
