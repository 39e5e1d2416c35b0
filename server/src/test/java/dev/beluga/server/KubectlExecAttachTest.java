package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * kubectl exec and attach against a real server and real containers: kubectl → the API server's
 * pods/exec|attach → the kubelet's /exec|/attach → containerd's streaming server, the upgraded
 * connection spliced at both hops; the exit code comes back on remotecommand's error channel.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlExecAttachTest {
    private LocalNodeCluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = LocalNodeCluster.start("10.89.17.0/24");
        cluster.ok(null, "create", "namespace", "streams");
        cluster.apply("streams", """
                apiVersion: v1
                kind: Pod
                metadata: {name: ticker}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: ticker
                    image: busybox:1.35
                    command: [sh, -c, 'while true; do echo tick; sleep 1; done']
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: done}
                spec:
                  restartPolicy: Never
                  containers:
                  - name: done
                    image: busybox:1.35
                    command: ['true']
                """);
        cluster.awaitReady("streams", "ticker");
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    @Test
    void execPrintsBothStreamsAndExitsWithTheCommandsCode() throws Exception {
        LocalNodeCluster.Run run = cluster.kubectl(null, "-n", "streams", "exec", "ticker", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(run.code()).as("kubectl exec said: %s", run.out()).isEqualTo(3);
        assertThat(run.out()).contains("out\n").contains("err\n").contains("command terminated with exit code 3");
    }

    @Test
    void execSucceedingExitsZero() throws Exception {
        LocalNodeCluster.Run run = cluster.ok(null, "-n", "streams", "exec", "ticker", "-c", "ticker", "--", "sh", "-c", "echo $((6*7))");
        assertThat(run.out()).isEqualTo("42\n");
    }

    @Test
    void execWithStdinPassesInputAndItsEnd() throws Exception {
        // cat only ends when stdin's end reaches it through every hop.
        LocalNodeCluster.Run run = cluster.ok("hi\nthere\n", "-n", "streams", "exec", "-i", "ticker", "--", "cat");
        assertThat(run.out()).isEqualTo("hi\nthere\n");
    }

    @Test
    void attachShowsTheRunningContainersOutput() throws Exception {
        // attach runs until stopped: timeout ends it after a few ticks.
        LocalNodeCluster.Run run = cluster.kubectlFor(5, "-n", "streams", "attach", "ticker");
        assertThat(run.out()).contains("tick\ntick\n");
    }

    @Test
    void aCompletedPodRefusesExec() throws Exception {
        cluster.awaitPhase("streams", "done", "Succeeded");
        LocalNodeCluster.Run run = cluster.kubectl(null, "-n", "streams", "exec", "done", "--", "true");
        assertThat(run.code()).isNotZero();
        assertThat(run.out()).contains("cannot exec into a container in a completed pod; current phase is Succeeded");
    }
}
