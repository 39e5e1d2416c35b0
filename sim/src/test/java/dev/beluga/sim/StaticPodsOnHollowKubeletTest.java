package dev.beluga.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.kubelet.Kubelet;
import dev.beluga.kubelet.KubeletConfig;
import dev.beluga.kubelet.runtime.ContainerFilter;
import dev.beluga.kubelet.runtime.ContainerState;
import dev.beluga.kubelet.runtime.ContainerSummary;
import dev.beluga.kubelet.staticpod.StaticPods;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kubelet over the simulated runtime given a manifest folder: it runs the static pod itself, keeps
 * a mirror pod in the API with its status, recreates a mirror deleted through the API while the pod
 * keeps running, replaces the pod when its file changes, reports an invalid manifest, and stops the
 * pod (and deletes its mirror) when its file goes.
 */
class StaticPodsOnHollowKubeletTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NODE = "static-node";
    private static final String MIRROR = "web-" + NODE;

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        return HollowKubeletFixture.await(WAIT, what, probe, done);
    }

    private static String manifest(String image) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  namespace: kube-system
                spec:
                  containers:
                  - name: web
                    image: %s
                """.formatted(image);
    }

    private static Optional<Pod> mirror(Client client) {
        return client.get(Kind.PODS, "kube-system", MIRROR);
    }

    private static boolean running(Optional<Pod> p) {
        return p.isPresent() && p.get().getStatus() != null && "Running".equals(p.get().getStatus().getPhase());
    }

    private static List<ContainerSummary> runningContainers(SimulatedRuntime sim) {
        return sim.listContainers(ContainerFilter.all()).stream().filter(c -> c.state() == ContainerState.RUNNING).toList();
    }

    @Test
    void staticPodRunsWithAMirrorThatFollowsItsFile(@TempDir Path dir) throws Exception {
        Path manifests = dir.resolve("pod-manifests");
        Files.createDirectories(manifests);
        Path file = manifests.resolve("web.yaml");
        Files.writeString(file, manifest("nginx:1.27"));
        KubeletConfig config = HollowKubeletFixture.config(NODE, "192.168.51.2", "10.251.0.0/24").withPodManifestPath(manifests);
        try (HollowKubeletFixture.Running node = HollowKubeletFixture.start(config)) {
            Client client = node.client();
            SimulatedRuntime sim = node.sim();
            Kubelet kubelet = node.kubelet();
            Pod first = await("the mirror running", () -> mirror(client), StaticPodsOnHollowKubeletTest::running).orElseThrow();
            String hash = first.getMetadata().getAnnotations().get(StaticPods.CONFIG_MIRROR);
            assertThat(hash).isNotEmpty().isEqualTo(first.getMetadata().getAnnotations().get(StaticPods.CONFIG_HASH));
            assertThat(first.getMetadata().getAnnotations()).containsEntry(StaticPods.CONFIG_SOURCE, "file").containsKey(StaticPods.CONFIG_SEEN);
            assertThat(first.getMetadata().getUid()).isNotEqualTo(hash);
            assertThat(first.getSpec().getNodeName()).isEqualTo(NODE);
            String nodeUid = client.get(Kind.NODES, "", NODE).orElseThrow().getMetadata().getUid();
            assertThat(first.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
                assertThat(o.getKind()).isEqualTo("Node");
                assertThat(o.getUid()).isEqualTo(nodeUid);
                assertThat(o.getController()).isTrue();
            });
            assertThat(first.getStatus().getContainerStatuses()).singleElement().satisfies(s -> assertThat(s.getReady()).isTrue());
            // The mirror is not run as a pod of its own.
            assertThat(kubelet.podCount()).isEqualTo(1);
            List<ContainerSummary> before = runningContainers(sim);
            assertThat(before).hasSize(1);

            // Deleted through the API: the kubelet creates the mirror again; the static pod keeps running.
            client.delete(Kind.PODS, "kube-system", MIRROR, new DeleteOptionsBuilder().build());
            Pod again = await("a new mirror", () -> mirror(client),
                    p -> running(p) && !p.get().getMetadata().getUid().equals(first.getMetadata().getUid())).orElseThrow();
            assertThat(again.getMetadata().getAnnotations()).containsEntry(StaticPods.CONFIG_MIRROR, hash);
            assertThat(runningContainers(sim)).extracting(ContainerSummary::id).containsExactlyElementsOf(before.stream().map(ContainerSummary::id).toList());

            // An edited file is a new pod: the old one stops, the new one runs, the mirror follows.
            Files.writeString(file, manifest("nginx:1.28"));
            Pod edited = await("the mirror of the edited pod", () -> mirror(client),
                    p -> running(p) && !hash.equals(p.get().getMetadata().getAnnotations().get(StaticPods.CONFIG_MIRROR))).orElseThrow();
            assertThat(edited.getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:1.28");
            await("only the new container running", () -> runningContainers(sim),
                    l -> l.size() == 1 && l.getFirst().image().image().endsWith("nginx:1.28"));

            // An invalid manifest is reported, not run, and nothing crashes.
            Files.writeString(manifests.resolve("bad.yaml"), manifest("''").replace("name: web\n  namespace", "name: bad\n  namespace"));
            await("the FailedValidation event", () -> client.list(Kind.EVENTS, "", ListRequest.ALL).items().stream()
                    .anyMatch(e -> "FailedValidation".equals(e.getReason()) && e.getMessage().contains("bad-" + NODE)
                            && e.getMessage().contains("spec.containers[0].image: Required value")), b -> b);
            assertThat(client.get(Kind.PODS, "kube-system", "bad-" + NODE)).isEmpty();

            // The file goes: the pod stops and its mirror goes.
            Files.delete(file);
            await("the mirror gone", () -> mirror(client), Optional::isEmpty);
            await("nothing running", () -> runningContainers(sim), List::isEmpty);
        }
    }
}
