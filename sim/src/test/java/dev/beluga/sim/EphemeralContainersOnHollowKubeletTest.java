package dev.beluga.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.kubelet.KubeletConfig;
import dev.beluga.kubelet.runtime.ContainerConfig;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * kubectl debug's flow on a kubelet over the simulated runtime: the ephemeralcontainers PATCH adds a
 * container targeting "web"; the kubelet starts it in web's PID namespace and reports it in
 * status.ephemeralContainerStatuses.
 */
class EphemeralContainersOnHollowKubeletTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NODE = "debug-node";

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        return HollowKubeletFixture.await(WAIT, what, probe, done);
    }

    private static Optional<ContainerStatus> status(Client client, String container, boolean ephemeral) {
        Pod p = client.get(Kind.PODS, "default", "web").orElseThrow();
        if (p.getStatus() == null) return Optional.empty();
        List<ContainerStatus> all = ephemeral ? p.getStatus().getEphemeralContainerStatuses() : p.getStatus().getContainerStatuses();
        if (all == null) return Optional.empty();
        return all.stream().filter(s -> s.getName().equals(container) && s.getState() != null && s.getState().getRunning() != null).findFirst();
    }

    private static String runtimeId(ContainerStatus s) {
        String id = s.getContainerID();
        return id.substring(id.indexOf("://") + 3);
    }

    @Test
    void debugContainerStartsInItsTargetsPidNamespace() throws Exception {
        KubeletConfig config = HollowKubeletFixture.config(NODE, "192.168.52.2", "10.252.0.0/24");
        try (HollowKubeletFixture.Running node = HollowKubeletFixture.start(config)) {
            Client client = node.client();
            SimulatedRuntime sim = node.sim();
            Pod p = client.create(Kind.PODS, new PodBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                    .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec().build());
            client.bind("default", "web", p.getMetadata().getUid(), NODE);
            String webId = runtimeId(await("web running", () -> status(client, "web", false), Optional::isPresent).orElseThrow());

            HttpRequest patch = HttpRequest.newBuilder(URI.create(node.api().httpUrl() + "/api/v1/namespaces/default/pods/web/ephemeralcontainers"))
                    .header("Authorization", "Bearer " + node.api().token()).header("Content-Type", "application/strategic-merge-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("""
                            {"spec":{"ephemeralContainers":[{"name":"dbg","image":"busybox:1.35","command":["sh","-c","echo hi; sleep 3600"],
                            "targetContainerName":"web","resources":{},"terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}]}}""")).build();
            HttpResponse<String> r = HttpClient.newHttpClient().send(patch, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

            ContainerStatus dbg = await("dbg running", () -> status(client, "dbg", true), Optional::isPresent).orElseThrow();
            ContainerConfig dbgConfig = sim.containerConfig(runtimeId(dbg)).orElseThrow();
            assertThat(dbgConfig.pidTarget()).contains(webId);
            assertThat(dbgConfig.command()).containsExactly("sh", "-c", "echo hi; sleep 3600");
            assertThat(sim.containerConfig(webId).orElseThrow().pidTarget()).isEmpty();
        }
    }
}
