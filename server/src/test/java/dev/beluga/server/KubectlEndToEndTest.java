package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real kubectl against a real `beluga server` (TLS, token, SQLite): the user's view of the API.
 * kubectl 1.32 is required (with CI=true its absence fails the run); kubectl 1.20 runs when
 * scripts/test.sh has unpacked it under tools/kubectl-1.20.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlEndToEndTest {
    private Path dir;
    private BelugaServer server;
    private TestDatastore datastore;

    /** Where the server keeps its state; KubectlEndToEndOnEtcdTest runs the same tests on etcd. */
    TestDatastore datastore(Path dir) {
        return TestDatastore.sqlite();
    }

    record Run(int code, String out) {}

    static List<String> kubectls() {
        List<String> found = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/kubectl"))) found.add("/usr/bin/kubectl");
        Path root = Path.of(System.getProperty("beluga.project.root", "..")).resolve("tools/kubectl-1.20/usr/bin/kubectl");
        if (Files.isExecutable(root)) found.add(root.toString());
        return found;
    }

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory("beluga-e2e-");
        boolean ci = "true".equals(System.getenv("CI"));
        if (!Files.isExecutable(Path.of("/usr/bin/kubectl"))) {
            if (ci) throw new IllegalStateException("kubectl is not at /usr/bin/kubectl and CI=true: the end-to-end tests cannot run");
            assumeTrue(false, "kubectl is not installed; skipping the kubectl end-to-end tests");
        }
        if (ci && kubectls().size() < 2) {
            throw new IllegalStateException("kubectl 1.20 is not unpacked under tools/kubectl-1.20 and CI=true (scripts/test.sh fetches it)");
        }
        datastore = datastore(dir);
        server = BelugaServer.start(datastore.apply(new ServerSettings("127.0.0.1", 0, dir.resolve("data"), Duration.ofMinutes(5), 10_000)),
                Optional.empty(), new PrintWriter(java.io.OutputStream.nullOutputStream()));
    }

    @AfterAll
    void stop() throws IOException {
        if (server != null) server.close();
        if (datastore != null) datastore.close();
        ScratchDirectory.deleteTree(dir);
    }

    Run kubectl(String kubectl, String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(kubectl, "--kubeconfig", server.kubeconfig().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("KUBE_EDITOR", "sed -i s/replicas:\\ 2/replicas:\\ 4/");
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        return new Run(p.exitValue(), out);
    }

    /** Runs kubectl until it prints something (bounded), for what a controller creates in its own time. */
    String awaitOutput(String kubectl, String what, String... args) throws Exception {
        for (int i = 0; i < 300; i++) {
            Run r = kubectl(kubectl, null, args);
            if (r.code() == 0 && !r.out().isBlank()) return r.out().strip();
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    Run ok(String kubectl, String stdin, String... args) throws Exception {
        Run r = kubectl(kubectl, stdin, args);
        assertThat(r.code()).as("kubectl %s exited %d: %s", String.join(" ", args), r.code(), r.out()).isZero();
        return r;
    }

    static String deployment(String image, int replicas) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, labels: {app: web}}
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: web
                        image: %s
                        env: [{name: A, value: "1"}]
                """.formatted(replicas, image);
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void namespaceApplyGetDescribeLabelPatchScaleEditDelete(String kubectl) throws Exception {
        String ns = "e2e-" + (kubectl.contains("1.20") ? "old" : "new");
        ok(kubectl, null, "create", "namespace", ns);
        assertThat(ok(kubectl, null, "get", "namespaces").out()).contains(ns).contains("Active");
        ok(kubectl, deployment("busybox:1.35", 2), "-n", ns, "apply", "-f", "-");
        assertThat(ok(kubectl, deployment("busybox:1.36", 3), "-n", ns, "apply", "-f", "-").out()).contains("configured");
        assertThat(ok(kubectl, null, "-n", ns, "get", "deploy", "web", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.metadata.generation}").out())
                .isEqualTo("3 busybox:1.36 2");
        assertThat(ok(kubectl, null, "-n", ns, "get", "deployments").out()).contains("NAME").contains("web");
        assertThat(ok(kubectl, null, "-n", ns, "get", "deploy", "-o", "wide").out()).contains("busybox:1.36");
        assertThat(ok(kubectl, null, "-n", ns, "get", "deploy", "web", "-o", "yaml").out()).contains("kind: Deployment");
        assertThat(ok(kubectl, null, "-n", ns, "get", "deploy", "web", "-o", "json").out()).contains("\"kind\": \"Deployment\"");
        assertThat(ok(kubectl, null, "-n", ns, "describe", "deploy", "web").out()).contains("Replicas:").contains("busybox:1.36");
        ok(kubectl, null, "-n", ns, "label", "deploy", "web", "tier=frontend");
        ok(kubectl, null, "-n", ns, "annotate", "deploy", "web", "note=hello");
        ok(kubectl, null, "-n", ns, "patch", "deploy", "web", "-p", "{\"spec\":{\"replicas\":1}}");
        ok(kubectl, null, "-n", ns, "patch", "deploy", "web", "--type=merge", "-p", "{\"metadata\":{\"labels\":{\"merged\":\"yes\"}}}");
        ok(kubectl, null, "-n", ns, "patch", "deploy", "web", "--type=json", "-p", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5}]");
        ok(kubectl, null, "-n", ns, "scale", "deploy", "web", "--replicas=2");
        ok(kubectl, null, "-n", ns, "edit", "deploy", "web");
        assertThat(ok(kubectl, null, "-n", ns, "get", "deploy", "web", "-o", "jsonpath={.spec.replicas} {.metadata.labels.tier} {.metadata.labels.merged} {.metadata.annotations.note}").out())
                .isEqualTo("4 frontend yes hello");
        String rs = awaitOutput(kubectl, "a ReplicaSet for web", "-n", ns, "get", "rs", "-o", "jsonpath={.items[0].metadata.name}");
        // kubectl waits for the deployment to go: the garbage collector strips the ReplicaSet's owner reference, then releases the orphan finalizer.
        ok(kubectl, null, "-n", ns, "delete", "deploy", "web", "--cascade=orphan");
        assertThat(kubectl(kubectl, null, "-n", ns, "get", "deploy", "web").out()).contains("not found");
        assertThat(ok(kubectl, null, "-n", ns, "get", "rs", rs, "-o", "jsonpath={.metadata.ownerReferences}").out()).as("the orphaned ReplicaSet stays, ownerless").isEmpty();
        ok(kubectl, null, "-n", ns, "delete", "rs", rs);
        ok(kubectl, null, "-n", ns, "run", "p1", "--image=busybox:1.35");
        assertThat(ok(kubectl, null, "-n", ns, "get", "pods").out()).containsPattern("p1\\s+0/1\\s+Pending");
        ok(kubectl, null, "-n", ns, "delete", "pod", "p1");
        assertThat(kubectl(kubectl, null, "-n", ns, "get", "pod", "p1").out()).as("an unscheduled pod goes at once").contains("not found");
        ok(kubectl, null, "delete", "namespace", ns, "--wait=false");
        Run gone = null;
        for (int i = 0; i < 60; i++) {
            gone = kubectl(kubectl, null, "get", "namespace", ns);
            if (gone.code() != 0) break;
            Thread.sleep(500);
        }
        assertThat(gone.out()).contains("not found");
    }

    @Test
    void explainApiResourcesAndBadInput() throws Exception {
        String k = "/usr/bin/kubectl";
        assertThat(ok(k, null, "api-resources").out()).contains("deployments").contains("deploy").contains("statefulsets");
        assertThat(ok(k, null, "explain", "pod.spec.containers").out()).contains("image");
        Run invalid = kubectl(k, "apiVersion: v1\nkind: Pod\nmetadata: {name: bad}\nspec:\n  containers:\n  - name: c\n", "apply", "-f", "-");
        assertThat(invalid.code()).isNotZero();
        assertThat(invalid.out()).contains("spec.containers[0].image: Required value");
        Run unknown = kubectl(k, "apiVersion: v1\nkind: Pod\nmetadata: {name: bad}\nspec:\n  bogus: 1\n  containers:\n  - {name: c, image: x:1}\n", "create", "-f", "-");
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.out()).contains("bogus");
        assertThat(kubectl(k, null, "get", "widgets").out()).contains("the server doesn't have a resource type \"widgets\"");
    }

    @Test
    void watchSeesChanges() throws Exception {
        String k = "/usr/bin/kubectl";
        ok(k, null, "create", "namespace", "watched");
        // Created once the watch is known to run (-v=6 logs its request when the server answered), not after a fixed
        // 1.5 s, and awaited rather than read after a fixed 8 s request timeout: a busy machine's kubectl may be slower.
        try (RunningKubectl watch = RunningKubectl.start(k, server.kubeconfig(), dir, "-v=6", "-n", "watched", "get", "configmaps", "-w")) {
            watch.await("kubectl's watch established", out -> out.contains("watch=true"));
            ok(k, null, "-n", "watched", "create", "configmap", "seen", "--from-literal=a=b");
            assertThat(watch.await("the new ConfigMap printed by the watch", out -> out.lines().anyMatch(l -> l.startsWith("seen "))))
                    .containsPattern("(?m)^seen\\s");
        }
    }
}
