package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real pods on containerd driven by the real kubectl 1.32, mirroring the user's acceptance
 * scenarios (shared/acceptance/pods.sh): single, describe, phases, restart, init, run-as-user, logs
 * options and graceful deletion.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerPodsEndToEndTest {
    static final String IMG = "busybox:1.35";
    private LocalNodeCluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = LocalNodeCluster.start("10.89.1.0/24");
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    /** A pod of one or more containers (YAML list items already indented under "containers:"), grace period 2 s as the acceptance script. */
    static String pod(String name, String restartPolicy, String containers) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, labels: {app: %s}}
                spec:
                  terminationGracePeriodSeconds: 2
                  restartPolicy: %s
                  containers:
                %s""".formatted(name, name, restartPolicy, containers);
    }

    static String webPod(String name) {
        return pod(name, "Always", """
                  - name: web
                    image: busybox:1.35
                    command: [sh, -c, 'mkdir -p /www && echo hello-from-web > /www/index.html && exec httpd -f -p 8080 -h /www']
                    ports: [{containerPort: 8080}]
                """);
    }

    private void namespace(String ns) throws Exception {
        cluster.ok(null, "create", "namespace", ns);
    }

    @Test
    void singlePodGetsAnIpRunsAndServesHttpOnIt() throws Exception {
        namespace("single");
        cluster.apply("single", webPod("web"));
        cluster.awaitReady("single", "web");
        String ip = cluster.jsonpath("single", "pod/web", "{.status.podIP}");
        assertThat(ip).as("status.podIP").startsWith("10.89.1.");
        assertThat(cluster.ok(null, "-n", "single", "get", "pod", "web", "--no-headers").out()).containsPattern("^web\\s+1/1\\s+Running\\s+0");
        assertThat(cluster.ok(null, "-n", "single", "get", "pod", "web", "-o", "wide").out()).contains(ip).contains("beluga-e2e");

        // The pod IP is on the project's own bridge, routed from this host.
        String body = LocalNodeCluster.awaitHttpBody(URI.create("http://" + ip + ":8080/index.html"), "hello-from-web");
        assertThat(body).contains("hello-from-web");

        String describe = cluster.ok(null, "-n", "single", "describe", "pod", "web").out();
        assertThat(describe).contains("Status:", "Running", "IP:", ip, "Containers:", "Conditions:", "Events:");
        // Events are written asynchronously: wait for the whole life story.
        cluster.await("describe's events Scheduled, Pulled, Created, Started",
                d -> d.contains("Scheduled") && d.contains("Pulled") && d.contains("Created") && d.contains("Started"),
                "-n", "single", "describe", "pod", "web");
    }

    @Test
    void exitZeroSucceedsAndExitThreeFailsWithItsExitCode() throws Exception {
        namespace("phases");
        cluster.apply("phases", pod("done", "Never", """
                  - name: main
                    image: busybox:1.35
                    command: [sh, -c, 'exit 0']
                """));
        cluster.apply("phases", pod("broken", "Never", """
                  - name: main
                    image: busybox:1.35
                    command: [sh, -c, 'echo about-to-fail; exit 3']
                """));
        cluster.awaitPhase("phases", "done", "Succeeded");
        cluster.awaitPhase("phases", "broken", "Failed");
        assertThat(cluster.jsonpath("phases", "pod/done", "{.status.containerStatuses[0].state.terminated.reason}")).isEqualTo("Completed");
        assertThat(cluster.jsonpath("phases", "pod/broken", "{.status.containerStatuses[0].state.terminated.exitCode}")).isEqualTo("3");
        assertThat(cluster.jsonpath("phases", "pod/broken", "{.status.containerStatuses[0].state.terminated.reason}")).isEqualTo("Error");
        assertThat(cluster.ok(null, "-n", "phases", "get", "pods", "--no-headers").out())
                .containsPattern("broken\\s+0/1\\s+Error").containsPattern("done\\s+0/1\\s+Completed");
        assertThat(cluster.ok(null, "-n", "phases", "logs", "broken").out()).contains("about-to-fail");
    }

    @Test
    void crashingContainerIsRestartedWithBackOffAndPreviousLogsStay() throws Exception {
        namespace("restart");
        cluster.apply("restart", pod("crashy", "Always", """
                  - name: main
                    image: busybox:1.35
                    command: [sh, -c, 'echo started-at-$(date +%s%N); exit 1']
                """));
        cluster.await("crashy restarted twice and waiting in CrashLoopBackOff", s -> {
            String[] parts = s.split(" ");
            return parts.length == 2 && Integer.parseInt(parts[0]) >= 2 && parts[1].equals("CrashLoopBackOff");
        }, "-n", "restart", "get", "pod", "crashy", "-o",
                "jsonpath={.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].state.waiting.reason}");
        assertThat(cluster.ok(null, "-n", "restart", "get", "pod", "crashy", "--no-headers").out()).contains("CrashLoopBackOff");
        assertThat(cluster.jsonpath("restart", "pod/crashy", "{.status.containerStatuses[0].lastState.terminated.exitCode}")).isEqualTo("1");
        String previous = cluster.ok(null, "-n", "restart", "logs", "crashy", "--previous").out();
        assertThat(previous).contains("started-at-");
        assertThat(cluster.await("events naming the back-off", d -> d.contains("BackOff"), "-n", "restart", "describe", "pod", "crashy"))
                .contains("Back-off restarting failed container");
    }

    @Test
    void initContainersRunInOrderBeforeTheAppAndShareAnEmptyDir() throws Exception {
        namespace("init");
        // The first init container sleeps, so kubectl shows the pod initializing before it runs. That lasts about 2 s:
        // a watch started before the pod exists sees it, where polling `kubectl get` (seconds apart on a busy machine) could miss it.
        try (RunningKubectl watch = cluster.kubectlInBackground("-v=6", "-n", "init", "get", "pods", "--no-headers", "-w")) {
            // -v=6 logs the watch request once the server answered it: from then on every change of the pod is printed.
            watch.await("kubectl's watch of the namespace's pods established", out -> out.contains("watch=true"));
            cluster.apply("init", """
                apiVersion: v1
                kind: Pod
                metadata: {name: initd}
                spec:
                  terminationGracePeriodSeconds: 2
                  volumes: [{name: work, emptyDir: {}}]
                  initContainers:
                  - name: first
                    image: busybox:1.35
                    command: [sh, -c, 'sleep 2; echo one > /work/log']
                    volumeMounts: [{name: work, mountPath: /work}]
                  - name: second
                    image: busybox:1.35
                    command: [sh, -c, 'echo two >> /work/log']
                    volumeMounts: [{name: work, mountPath: /work}]
                  containers:
                  - name: main
                    image: busybox:1.35
                    command: [sh, -c, 'cat /work/log; sleep 3600']
                    volumeMounts: [{name: work, mountPath: /work}]
                """);
            watch.await("the pod shown as Init:0/2", out -> out.lines().anyMatch(row -> row.startsWith("initd ") && row.contains("Init:0/2")));
        }
        cluster.awaitReady("init", "initd");
        // Ready once main started; its cat's output reaches the log file a moment later.
        String log = cluster.await("main's log of what the init containers wrote", l -> l.contains("two"), "-n", "init", "logs", "initd", "-c", "main");
        assertThat(log.lines().toList()).startsWith("one", "two");
        assertThat(cluster.jsonpath("init", "pod/initd", "{.status.initContainerStatuses[*].state.terminated.reason}")).isEqualTo("Completed Completed");
        // In order: the second began only after the first finished.
        String first = cluster.jsonpath("init", "pod/initd", "{.status.initContainerStatuses[0].state.terminated.finishedAt}");
        String second = cluster.jsonpath("init", "pod/initd", "{.status.initContainerStatuses[1].state.terminated.startedAt}");
        assertThat(second.compareTo(first)).as("second started %s, first finished %s", second, first).isGreaterThanOrEqualTo(0);
    }

    @Test
    void runAsUserAndGroupApplyToTheContainer() throws Exception {
        namespace("whoami");
        cluster.apply("whoami", """
                apiVersion: v1
                kind: Pod
                metadata: {name: whoami}
                spec:
                  restartPolicy: Never
                  securityContext: {runAsUser: 1000, runAsGroup: 3000}
                  containers:
                  - name: app
                    image: busybox:1.35
                    command: [sh, -c, 'id -u; id']
                """);
        cluster.awaitPhase("whoami", "whoami", "Succeeded");
        String out = cluster.ok(null, "-n", "whoami", "logs", "whoami").out();
        assertThat(out.lines().findFirst()).hasValue("1000");
        assertThat(out).contains("uid=1000").contains("gid=3000");
    }

    @Test
    void logsByContainerTailTimestampsAndFollow() throws Exception {
        namespace("logs");
        cluster.apply("logs", pod("talker", "Always", """
                  - name: counter
                    image: busybox:1.35
                    command: [sh, -c, 'for i in 1 2 3 4 5; do echo line-$i; done; while true; do echo tick; sleep 1; done']
                  - name: quiet
                    image: busybox:1.35
                    command: [sh, -c, 'echo only-from-quiet; exec sleep 3600']
                """));
        cluster.awaitReady("logs", "talker");
        cluster.await("the counter's first lines", s -> s.contains("line-5"), "-n", "logs", "logs", "talker", "-c", "counter");
        // The await above was on the counter's log: the quiet container's line may reach its log file later.
        cluster.await("the quiet container's line", "only-from-quiet"::equals, "-n", "logs", "logs", "talker", "-c", "quiet");
        // Without -c kubectl 1.32 picks the first container and says so.
        assertThat(cluster.ok(null, "-n", "logs", "logs", "talker").out())
                .contains("Defaulted container \"counter\" out of: counter, quiet").contains("line-1").doesNotContain("only-from-quiet");

        List<String> tail = cluster.ok(null, "-n", "logs", "logs", "talker", "-c", "quiet", "--tail=1").out().lines().toList();
        assertThat(tail).containsExactly("only-from-quiet");
        List<String> lastTwo = cluster.ok(null, "-n", "logs", "logs", "talker", "-c", "counter", "--tail=2").out().lines().toList();
        assertThat(lastTwo).hasSize(2);

        String stamped = cluster.ok(null, "-n", "logs", "logs", "talker", "-c", "quiet", "--timestamps").out().strip();
        assertThat(stamped).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z only-from-quiet");

        // -f keeps streaming new lines until kubectl is stopped: the last line, then at least two new ticks, and still
        // following after them (waiting for the ticks rather than stopping kubectl after a fixed 5 s, which a busy machine's
        // kubectl could spend starting).
        try (RunningKubectl followed = cluster.kubectlInBackground("-n", "logs", "logs", "-f", "talker", "-c", "counter", "--tail=1")) {
            String out = followed.await("three ticks while following", o -> o.lines().filter("tick"::equals).count() >= 3);
            assertThat(followed.isAlive()).as("still following, not ended by the server: %s", out).isTrue();
        }
    }

    @Test
    void deletingAPodStopsItWithinItsGracePeriodAndRemovesItsContainers() throws Exception {
        namespace("delete");
        cluster.apply("delete", pod("sleeper", "Always", """
                  - name: main
                    image: busybox:1.35
                    command: [sh, -c, 'sleep 3600']
                """));
        cluster.awaitReady("delete", "sleeper");
        String containerId = cluster.jsonpath("delete", "pod/sleeper", "{.status.containerStatuses[0].containerID}");
        assertThat(containerId).startsWith("containerd://");
        String id = containerId.substring("containerd://".length());
        assertThat(cluster.containerdContainers()).contains(id);

        // sh as PID 1 ignores SIGTERM, so this also exercises the SIGKILL after the 2 s grace period.
        cluster.ok(null, "-n", "delete", "delete", "pod", "sleeper", "--timeout=60s");
        LocalNodeCluster.Run gone = cluster.kubectl(null, "-n", "delete", "get", "pod", "sleeper");
        assertThat(gone.code()).isNotZero();
        assertThat(gone.out()).contains("not found");

        long deadline = System.nanoTime() + LocalNodeCluster.WAIT.toNanos();
        List<String> left = cluster.containerdContainers();
        while (left.contains(id) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            left = cluster.containerdContainers();
        }
        assertThat(left).as("containerd's containers after the pod is gone").doesNotContain(id);
    }
}
