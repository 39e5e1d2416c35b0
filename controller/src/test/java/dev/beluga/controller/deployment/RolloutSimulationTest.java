package dev.beluga.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.controller.ObjectCopy;
import dev.beluga.controller.Times;
import dev.beluga.controller.deployment.DeploymentAction.CreateReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.DeleteReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.SetRevision;
import dev.beluga.controller.deployment.DeploymentAction.UpdateReplicaSet;
import dev.beluga.controller.deployment.DeploymentAction.UpdateStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whole rollouts against a simulated cluster: the reconciler's actions applied to an in-memory API
 * (resourceVersions checked), ReplicaSets that report their pods one sync late (as the real
 * controller does: status from the pods it saw before creating or deleting), and pods that become
 * available one step after they appear. At every step, pods stay within replicas + maxSurge and
 * available pods at or above replicas − maxUnavailable.
 */
class RolloutSimulationTest {
    private final DeploymentReconciler reconciler = new DeploymentReconciler();

    private static final class Pods {
        int count;
        int available;
    }

    private final class Cluster {
        Deployment d;
        final Map<String, ReplicaSet> replicaSets = new LinkedHashMap<>();
        final Map<String, Pods> pods = new HashMap<>();
        Instant now = Instant.parse("2025-03-01T12:00:00Z");
        int seq;
        boolean checking;

        void deploymentSync() {
            now = now.plusSeconds(1);
            List<DeploymentAction> actions = reconciler.reconcile(d, new ArrayList<>(replicaSets.values()), List.of(), now);
            Map<String, String> versions = new HashMap<>();
            for (DeploymentAction a : actions) {
                switch (a) {
                    case CreateReplicaSet c -> {
                        ReplicaSet rs = ObjectCopy.of(c.replicaSet());
                        if (replicaSets.containsKey(rs.getMetadata().getName())) return;
                        rs.getMetadata().setUid("uid-" + (++seq));
                        rs.getMetadata().setResourceVersion("v" + (++seq));
                        rs.getMetadata().setCreationTimestamp(Times.format(now.plusMillis(seq)));
                        rs.setStatus(new ReplicaSetStatus());
                        replicaSets.put(rs.getMetadata().getName(), rs);
                        pods.put(rs.getMetadata().getName(), new Pods());
                        versions.put(c.plannedVersion(), rs.getMetadata().getResourceVersion());
                    }
                    case UpdateReplicaSet u -> {
                        ReplicaSet rs = ObjectCopy.of(u.replicaSet());
                        String rv = versions.getOrDefault(rs.getMetadata().getResourceVersion(), rs.getMetadata().getResourceVersion());
                        ReplicaSet stored = replicaSets.get(rs.getMetadata().getName());
                        if (!stored.getMetadata().getResourceVersion().equals(rv)) return; // 409: the loop stops and retries
                        rs.setStatus(stored.getStatus());
                        rs.getMetadata().setResourceVersion("v" + (++seq));
                        replicaSets.put(rs.getMetadata().getName(), rs);
                        versions.put(u.plannedVersion(), rs.getMetadata().getResourceVersion());
                    }
                    case DeleteReplicaSet del -> {
                        replicaSets.remove(del.replicaSet().getMetadata().getName());
                        pods.remove(del.replicaSet().getMetadata().getName());
                    }
                    case UpdateStatus s -> d.setStatus(s.status());
                    case SetRevision r -> {
                        Map<String, String> annotations = new HashMap<>(d.getMetadata().getAnnotations() == null ? Map.of() : d.getMetadata().getAnnotations());
                        annotations.put(RevisionAnnotations.REVISION, r.revision());
                        d.getMetadata().setAnnotations(annotations);
                    }
                    default -> { }
                }
            }
        }

        /**
         * The ReplicaSet controller: reports the pods it sees, then creates or deletes (least available
         * first). Newest ReplicaSet first: the adverse order, creations before deletions.
         */
        void replicaSetSyncs() {
            for (ReplicaSet rs : new ArrayList<>(replicaSets.values()).reversed()) {
                Pods p = pods.get(rs.getMetadata().getName());
                report(rs, p);
                int spec = rs.getSpec().getReplicas();
                if (p.count < spec) {
                    p.count = spec;
                } else if (p.count > spec) {
                    int unavailable = p.count - p.available;
                    int remove = p.count - spec;
                    p.available -= Math.max(0, remove - unavailable);
                    p.count = spec;
                }
                checkBounds();
            }
        }

        void statusSyncs() {
            for (ReplicaSet rs : replicaSets.values()) report(rs, pods.get(rs.getMetadata().getName()));
        }

        private void report(ReplicaSet rs, Pods p) {
            ReplicaSetStatus s = new ReplicaSetStatus();
            s.setReplicas(p.count);
            s.setReadyReplicas(p.available);
            s.setAvailableReplicas(p.available);
            s.setObservedGeneration(1L);
            rs.setStatus(s);
            rs.getMetadata().setResourceVersion("v" + (++seq));
        }

        void kubelet() {
            for (Pods p : pods.values()) p.available = p.count;
            checkBounds();
        }

        int replicas() {
            return Fenceposts.replicas(d);
        }

        void checkBounds() {
            if (!checking) return;
            int total = pods.values().stream().mapToInt(p -> p.count).sum();
            int available = pods.values().stream().mapToInt(p -> p.available).sum();
            assertThat(total).as("pods").isLessThanOrEqualTo(replicas() + Fenceposts.maxSurge(d));
            assertThat(available).as("available pods").isGreaterThanOrEqualTo(replicas() - Fenceposts.maxUnavailable(d));
        }

        boolean rolledOut(String image) {
            Optional<ReplicaSet> current = replicaSets.values().stream()
                    .filter(rs -> rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage().equals(image)).findFirst();
            return current.isPresent() && pods.get(current.get().getMetadata().getName()).available == replicas()
                    && pods.values().stream().mapToInt(p -> p.count).sum() == replicas()
                    && DeploymentConditions.get(d.getStatus(), "Progressing").map(c -> "NewReplicaSetAvailable".equals(c.getReason())).orElse(false);
        }
    }

    @ParameterizedTest(name = "{0} replicas, maxSurge {1}, maxUnavailable {2}")
    @CsvSource({"4,1,1", "10,25%,25%", "3,0,1", "5,2,0", "1,1,0", "10,50%,0", "7,0,30%", "6,3,3"})
    void aRolloutStaysWithinItsBoundsAtEveryStep(int replicas, String maxSurge, String maxUnavailable) {
        Cluster c = new Cluster();
        c.d = DeploymentFixtures.rolling(replicas, "nginx:1", parse(maxSurge), parse(maxUnavailable));
        // First rollout from nothing (no bounds to keep yet: nothing is available before the first pods).
        for (int i = 0; i < 20 && !c.rolledOut("nginx:1"); i++) {
            c.deploymentSync();
            c.replicaSetSyncs();
            c.kubelet();
            c.statusSyncs();
        }
        assertThat(c.rolledOut("nginx:1")).isTrue();

        c.d.getSpec().setTemplate(DeploymentFixtures.template("nginx:2"));
        c.d.getMetadata().setGeneration(2L);
        c.checking = true;
        int rounds = 0;
        while (!c.rolledOut("nginx:2")) {
            assertThat(rounds++).as("rounds to roll out").isLessThan(200);
            // Two Deployment syncs (two ReplicaSet events) before the ReplicaSet controller gets to act.
            c.deploymentSync();
            c.deploymentSync();
            c.replicaSetSyncs();
            c.kubelet();
            c.replicaSetSyncs();
            c.statusSyncs();
        }
        assertThat(c.d.getMetadata().getAnnotations()).containsEntry(RevisionAnnotations.REVISION, "2");
        assertThat(c.d.getStatus().getUpdatedReplicas()).isEqualTo(replicas);
        assertThat(c.d.getStatus().getObservedGeneration()).isEqualTo(2L);
    }

    private static Object parse(String v) {
        return v.endsWith("%") ? v : (Object) Integer.parseInt(v);
    }
}
