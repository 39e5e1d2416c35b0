package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Deployments and StatefulSets on real containers, with the real kubectl: rollout status, healing
 * a deleted pod, a rolling update and undo, scaling, and a StatefulSet's stable names and hostnames.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerPodsWorkloadsTest {
    private LocalNodeCluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = LocalNodeCluster.start("10.89.2.0/24");
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    private List<String> running(String ns, String selector) throws Exception {
        String names = cluster.ok(null, "-n", ns, "get", "pods", "-l", selector, "-o",
                "jsonpath={range .items[?(@.status.phase==\"Running\")]}{.metadata.name} {end}").out().strip();
        return names.isEmpty() ? List.of() : Arrays.asList(names.split(" "));
    }

    @Test
    void deploymentRollsOutHealsUpdatesUndoesAndScales() throws Exception {
        cluster.ok(null, "create", "namespace", "deploy");
        cluster.apply("deploy", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: my-deployment}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: my-app}}
                  template:
                    metadata: {labels: {app: my-app}}
                    spec:
                      terminationGracePeriodSeconds: 2
                      containers:
                      - name: app
                        image: busybox:1.35
                        command: [sh, -c, 'sleep 3600']
                """);
        assertThat(cluster.ok(null, "-n", "deploy", "rollout", "status", "deployment/my-deployment", "--timeout=90s").out())
                .contains("successfully rolled out");
        assertThat(running("deploy", "app=my-app")).hasSize(3);

        String victim = running("deploy", "app=my-app").get(0);
        cluster.ok(null, "-n", "deploy", "delete", "pod", victim, "--wait=false");
        cluster.await("the deleted pod " + victim + " replaced by a running one", names -> {
            List<String> n = names.isEmpty() ? List.of() : Arrays.asList(names.split(" "));
            return n.size() == 3 && !n.contains(victim);
        }, "-n", "deploy", "get", "pods", "-l", "app=my-app", "-o",
                "jsonpath={range .items[?(@.status.phase==\"Running\")]}{.metadata.name} {end}");

        cluster.ok(null, "-n", "deploy", "set", "env", "deployment/my-deployment", "MARK=v2");
        cluster.ok(null, "-n", "deploy", "rollout", "status", "deployment/my-deployment", "--timeout=90s");
        cluster.await("every pod of the new template, the old ones gone", "v2 v2 v2"::equals,
                "-n", "deploy", "get", "pods", "-l", "app=my-app", "-o", "jsonpath={.items[*].spec.containers[0].env[0].value}");
        String replicaSets = cluster.ok(null, "-n", "deploy", "get", "rs", "-l", "app=my-app", "-o", "jsonpath={.items[*].spec.replicas}").out();
        assertThat(Arrays.stream(replicaSets.strip().split(" ")).sorted().toList()).containsExactly("0", "3");

        cluster.ok(null, "-n", "deploy", "rollout", "undo", "deployment/my-deployment");
        cluster.ok(null, "-n", "deploy", "rollout", "status", "deployment/my-deployment", "--timeout=90s");
        assertThat(cluster.jsonpath("deploy", "deploy/my-deployment", "{.spec.template.spec.containers[0].env}")).isEmpty();

        cluster.ok(null, "-n", "deploy", "scale", "deployment/my-deployment", "--replicas=1");
        cluster.await("one pod left after scaling to 1", names -> !names.isEmpty() && !names.contains(" "),
                "-n", "deploy", "get", "pods", "-l", "app=my-app", "-o", "jsonpath={.items[*].metadata.name}");
        cluster.await("the deployment shows 1/1", row -> row.matches("my-deployment\\s+1/1\\s+1\\s+1.*"),
                "-n", "deploy", "get", "deploy", "my-deployment", "--no-headers");
    }

    @Test
    void statefulSetHasStableOrdinalNamesAndHostnamesAndScales() throws Exception {
        cluster.ok(null, "create", "namespace", "sts");
        cluster.apply("sts", KubectlWorkloadsTest.statefulSet("busybox:1.35"));
        cluster.ok(null, "-n", "sts", "rollout", "status", "statefulset/db", "--timeout=90s");
        assertThat(running("sts", "app=db")).containsExactlyInAnyOrder("db-0", "db-1", "db-2");
        // OrderedReady: db-0 was created before db-2.
        String t0 = cluster.jsonpath("sts", "pod/db-0", "{.metadata.creationTimestamp}");
        String t2 = cluster.jsonpath("sts", "pod/db-2", "{.metadata.creationTimestamp}");
        assertThat(t0.compareTo(t2)).isLessThanOrEqualTo(0);
        assertThat(cluster.ok(null, "-n", "sts", "logs", "db-1").out().lines().findFirst()).hasValue("db-1");

        String uid = cluster.jsonpath("sts", "pod/db-1", "{.metadata.uid}");
        cluster.ok(null, "-n", "sts", "delete", "pod", "db-1", "--wait=false");
        cluster.await("db-1 recreated under its name and Running", s -> {
            String[] p = s.split(" ");
            return p.length == 2 && !p[0].equals(uid) && p[1].equals("Running");
        }, "-n", "sts", "get", "pod", "db-1", "-o", "jsonpath={.metadata.uid} {.status.phase}");

        cluster.ok(null, "-n", "sts", "scale", "statefulset/db", "--replicas=1");
        cluster.await("only db-0 left after scaling to 1", "db-0"::equals, "-n", "sts", "get", "pods", "-l", "app=db", "-o",
                "jsonpath={.items[*].metadata.name}");
    }
}
