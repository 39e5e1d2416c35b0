package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * kubectl exec and attach against a real server and real containers: kubectl 1.32 → WebSocket
 * v5.channel.k8s.io, terminated by the API server's pods/exec|attach and translated to SPDY/3.1 →
 * the kubelet's /exec|/attach → containerd's streaming server (kubectl 1.20's SPDY spliced through
 * both hops); the exit code comes back on remotecommand's error channel.
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
        // attach runs until stopped: stopped once two ticks came (a fixed 5 s could pass before a busy machine's kubectl attached).
        try (RunningKubectl attach = cluster.kubectlInBackground("-n", "streams", "attach", "ticker")) {
            assertThat(attach.await("two ticks through attach", out -> out.contains("tick\ntick\n"))).contains("tick\ntick\n");
        }
    }

    @Test
    void kubectlExecSpeaksWebSocketV5WithoutFallingBackToSpdy() throws Exception {
        LocalNodeCluster.Run run = cluster.kubectl(null, "-v=6", "-n", "streams", "exec", "ticker", "--", "sh", "-c", "echo out; exit 3");
        assertThat(run.code()).as("kubectl exec said: %s", run.out()).isEqualTo(3);
        assertThat(run.out()).contains("out\n").contains("command terminated with exit code 3")
                .containsPattern("GET https://\\S+/exec\\?\\S+ 101 Switching Protocols")
                .contains("The subprotocol is v5.channel.k8s.io")
                // client-go's FallbackExecutor logs this (at -v=4) before retrying over SPDY with a POST.
                .doesNotContain("RemoteCommand fallback").doesNotContainPattern("POST https://\\S+/exec");
    }

    @Test
    void kubectlExecWithStdinOverWebSocketEndsWhenStdinDoes() throws Exception {
        // cat only ends when v5's close signal for stdin has become the SPDY stdin stream's FIN.
        LocalNodeCluster.Run run = cluster.ok("one\ntwo\n", "-v=6", "-n", "streams", "exec", "-i", "ticker", "--", "cat");
        assertThat(run.out()).contains("The subprotocol is v5.channel.k8s.io").contains("one\ntwo\n").doesNotContain("RemoteCommand fallback");
    }

    @Test
    void kubectlAttachSpeaksWebSocketV5() throws Exception {
        try (RunningKubectl attach = cluster.kubectlInBackground("-v=6", "-n", "streams", "attach", "ticker")) {
            String out = attach.await("two ticks through attach over v5",
                    o -> o.contains("The subprotocol is v5.channel.k8s.io") && o.contains("tick\ntick\n"));
            assertThat(out).contains("The subprotocol is v5.channel.k8s.io").contains("tick\ntick\n").doesNotContain("RemoteCommand fallback");
        }
    }

    @Test
    void aWebSocketV5ClientGetsStdoutStderrAndTheExitCodeStatus() throws Exception {
        RemoteCommandWebSocketClient.Session s = RemoteCommandWebSocketClient.run(cluster.dataDir(),
                "/api/v1/namespaces/streams/pods/ticker/exec?command=sh&command=-c&command=echo%20out%3B%20echo%20err%20%3E%262%3B%20exit%203"
                        + "&stdout=true&stderr=true", "v5.channel.k8s.io", List.of());
        assertThat(s.subprotocol()).isEqualTo("v5.channel.k8s.io");
        assertThat(s.channel(1)).isEqualTo("out\n");
        assertThat(s.channel(2)).isEqualTo("err\n");
        // The runtime's Status, last: v4's exit code in details.causes with reason ExitCode.
        assertThat(s.messages().getLast()[0]).isEqualTo((byte) 3);
        JsonNode status = new ObjectMapper().readTree(s.channel(3));
        assertThat(status.path("status").asText()).isEqualTo("Failure");
        assertThat(status.path("reason").asText()).isEqualTo("NonZeroExitCode");
        assertThat(status.at("/details/causes/0/reason").asText()).isEqualTo("ExitCode");
        assertThat(status.at("/details/causes/0/message").asText()).isEqualTo("3");
        assertThat(s.closeCode()).isEqualTo(1000);
    }

    @Test
    void aWebSocketV5ClientsCloseSignalEndsTheCommandsStdin() throws Exception {
        RemoteCommandWebSocketClient.Session s = RemoteCommandWebSocketClient.run(cluster.dataDir(),
                "/api/v1/namespaces/streams/pods/ticker/exec?command=cat&stdin=true&stdout=true", "v5.channel.k8s.io",
                List.of(RemoteCommandWebSocketClient.message(0, "abc\n"), new byte[] {(byte) 255, 0}));
        assertThat(s.channel(1)).isEqualTo("abc\n");
        assertThat(new ObjectMapper().readTree(s.channel(3)).path("status").asText()).isEqualTo("Success");
        assertThat(s.closeCode()).isEqualTo(1000);
    }

    @Test
    void aWebSocketV4ClientGetsTheExitCodeToo() throws Exception {
        RemoteCommandWebSocketClient.Session s = RemoteCommandWebSocketClient.run(cluster.dataDir(),
                "/api/v1/namespaces/streams/pods/ticker/exec?command=sh&command=-c&command=echo%20four%3B%20exit%204&stdout=true",
                "v4.channel.k8s.io", List.of());
        assertThat(s.subprotocol()).isEqualTo("v4.channel.k8s.io");
        assertThat(s.channel(1)).isEqualTo("four\n");
        assertThat(new ObjectMapper().readTree(s.channel(3)).at("/details/causes/0/message").asText()).isEqualTo("4");
    }

    @Test
    void aWebSocketClientForAMissingContainerGetsTheKubeletsRefusalAsAStatus() throws Exception {
        // The pod exists, so the API server accepts; the kubelet refuses a container that is not running.
        cluster.awaitPhase("streams", "done", "Succeeded");
        RemoteCommandWebSocketClient.Session s = RemoteCommandWebSocketClient.run(cluster.dataDir(),
                "/api/v1/namespaces/streams/pods/done/exec?command=true&stdout=true", "v5.channel.k8s.io", List.of());
        JsonNode status = new ObjectMapper().readTree(s.channel(3));
        assertThat(status.path("status").asText()).isEqualTo("Failure");
        assertThat(status.path("message").asText()).contains("unable to upgrade connection: container not found");
    }

    @Test
    void kubectlExecWithATtySendsTheTerminalsSizeAndGetsTheExitCode() throws Exception {
        // script(1) gives kubectl a terminal of 33x77; kubectl sends that size on the resize channel, which becomes the
        // SPDY resize stream and the container's tty size. The command polls (bounded, 30 s: the size travels on a stream
        // of its own, which a busy machine may deliver well after the command started) until the size has arrived.
        String poll = "for i in $(seq 1 300); do s=$(stty -a | grep -o 'rows [0-9]*; columns [0-9]*'); "
                + "case \"$s\" in 'rows 0;'*|'') sleep 0.1;; *) echo \"$s\"; exit 5;; esac; done; echo no-size; exit 6";
        String kubectl = LocalNodeCluster.KUBECTL + " --kubeconfig " + cluster.dataDir().resolve("kubeconfig.yaml")
                + " -v=6 -n streams exec -it ticker -- sh -c \"" + poll.replace("\"", "\\\"").replace("$", "\\$") + "\"";
        ProcessBuilder pb = new ProcessBuilder("timeout", "120", "script", "-qec", "stty rows 33 cols 77; " + kubectl, "/dev/null")
                .redirectErrorStream(true);
        pb.environment().put("HOME", cluster.dataDir().toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(out).contains("The subprotocol is v5.channel.k8s.io").contains("rows 33; columns 77");
        // 5 only when the size arrived (6 when the poll gave up).
        assertThat(p.exitValue()).as("kubectl -it said: %s", out).isEqualTo(5);
    }

    @Test
    void aWebSocketOfferingOnlyProtocolsNobodyServesIsRefusedByTheRuntimeAsUpstreams() throws Exception {
        // Not translated, so proxied to the kubelet and containerd, whose wsstream handshake refuses it with 403.
        assertThat(RemoteCommandWebSocketClient.refusedHandshake(cluster.dataDir(),
                "/api/v1/namespaces/streams/pods/ticker/exec?command=true&stdout=true", "v9.channel.k8s.io")).isEqualTo(403);
    }

    @Test
    void kubectl120ExecOverSpdyStillWorks() throws Exception {
        Path kubectl120 = Path.of(System.getProperty("beluga.project.root", "..")).resolve("tools/kubectl-1.20/usr/bin/kubectl");
        if (!Files.isExecutable(kubectl120)) {
            if ("true".equals(System.getenv("CI"))) throw new IllegalStateException("kubectl 1.20 is not unpacked under tools/kubectl-1.20 and CI=true");
            assumeTrue(false, "kubectl 1.20 is not unpacked under tools/kubectl-1.20 (scripts/test.sh fetches it)");
        }
        LocalNodeCluster.Run exit = run(kubectl120, null, "-n", "streams", "exec", "ticker", "--", "sh", "-c", "echo old; exit 4");
        assertThat(exit.code()).as("kubectl 1.20 said: %s", exit.out()).isEqualTo(4);
        assertThat(exit.out()).contains("old\n").contains("command terminated with exit code 4");
        LocalNodeCluster.Run stdin = run(kubectl120, "in\n", "-n", "streams", "exec", "-i", "ticker", "--", "cat");
        assertThat(stdin.code()).as("kubectl 1.20 said: %s", stdin.out()).isZero();
        assertThat(stdin.out()).isEqualTo("in\n");
    }

    /** Another kubectl binary against the same cluster, bounded by timeout(1). */
    private LocalNodeCluster.Run run(Path kubectl, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("timeout", "120", kubectl.toString(), "--kubeconfig",
                cluster.dataDir().resolve("kubeconfig.yaml").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", cluster.dataDir().toString());
        Process p = pb.start();
        if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return new LocalNodeCluster.Run(p.exitValue(), out);
    }

    @Test
    void aCompletedPodRefusesExec() throws Exception {
        cluster.awaitPhase("streams", "done", "Succeeded");
        LocalNodeCluster.Run run = cluster.kubectl(null, "-n", "streams", "exec", "done", "--", "true");
        assertThat(run.code()).isNotZero();
        assertThat(run.out()).contains("cannot exec into a container in a completed pod; current phase is Succeeded");
    }
}
