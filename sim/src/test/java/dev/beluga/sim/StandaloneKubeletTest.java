package dev.beluga.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.kubelet.InformerPodSource;
import dev.beluga.kubelet.Kubelet;
import dev.beluga.kubelet.KubeletConfig;
import dev.beluga.kubelet.runtime.ContainerConfig;
import dev.beluga.kubelet.runtime.ContainerEventListener;
import dev.beluga.kubelet.runtime.ContainerFilter;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import dev.beluga.kubelet.runtime.ContainerStatus;
import dev.beluga.kubelet.runtime.ContainerSummary;
import dev.beluga.kubelet.runtime.ExecResult;
import dev.beluga.kubelet.runtime.ImageInfo;
import dev.beluga.kubelet.runtime.ImageSpec;
import dev.beluga.kubelet.runtime.RuntimeStatus;
import dev.beluga.kubelet.runtime.RuntimeVersion;
import dev.beluga.kubelet.runtime.SandboxConfig;
import dev.beluga.kubelet.runtime.SandboxFilter;
import dev.beluga.kubelet.runtime.SandboxStatus;
import dev.beluga.kubelet.runtime.SandboxSummary;
import dev.beluga.kubelet.runtime.Subscription;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A kubelet wired as a real node's is: its own pod watch (InformerPodSource), its own timers and
 * event recorder, and a runtime that cannot stream events, so changes are found by relisting.
 */
class StandaloneKubeletTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The simulated runtime without its event stream, as containerd 1.6 is: the kubelet must relist. */
    private record NoEvents(ContainerRuntime delegate) implements ContainerRuntime {
        @Override public RuntimeVersion version() { return delegate.version(); }
        @Override public RuntimeStatus status() { return delegate.status(); }
        @Override public String runPodSandbox(SandboxConfig c) { return delegate.runPodSandbox(c); }
        @Override public void stopPodSandbox(String id) { delegate.stopPodSandbox(id); }
        @Override public void removePodSandbox(String id) { delegate.removePodSandbox(id); }
        @Override public Optional<SandboxStatus> podSandboxStatus(String id) { return delegate.podSandboxStatus(id); }
        @Override public List<SandboxSummary> listPodSandboxes(SandboxFilter f) { return delegate.listPodSandboxes(f); }
        @Override public String createContainer(String s, ContainerConfig c, SandboxConfig sc) { return delegate.createContainer(s, c, sc); }
        @Override public void startContainer(String id) { delegate.startContainer(id); }
        @Override public void stopContainer(String id, Duration t) { delegate.stopContainer(id, t); }
        @Override public void removeContainer(String id) { delegate.removeContainer(id); }
        @Override public Optional<ContainerStatus> containerStatus(String id) { return delegate.containerStatus(id); }
        @Override public List<ContainerSummary> listContainers(ContainerFilter f) { return delegate.listContainers(f); }
        @Override public ExecResult execSync(String id, List<String> cmd, Duration t) { return delegate.execSync(id, cmd, t); }
        @Override public Optional<Subscription> containerEvents(ContainerEventListener l) { return Optional.empty(); }
        @Override public String pullImage(ImageSpec i, SandboxConfig s) { return delegate.pullImage(i, s); }
        @Override public Optional<ImageInfo> imageStatus(ImageSpec i) { return delegate.imageStatus(i); }
        @Override public List<ImageInfo> listImages() { return delegate.listImages(); }
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        return HollowKubeletFixture.await(WAIT, what, probe, done);
    }

    private static Pod bound(Client client, String name, String node, Map<String, String> annotations) {
        Pod p = client.create(Kind.PODS, new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withAnnotations(annotations).endMetadata()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("app").withImage("busybox:1.35").endContainer().endSpec().build());
        client.bind("default", name, p.getMetadata().getUid(), node);
        return p;
    }

    private static String phase(Client client, String name) {
        return client.get(Kind.PODS, "default", name).map(p -> p.getStatus() == null ? "" : String.valueOf(p.getStatus().getPhase())).orElse("gone");
    }

    @Test
    void aRealKubeletsWiringRunsPodsRetriesSandboxesAndFindsExitsByRelisting() throws InterruptedException {
        KubeletConfig config = HollowKubeletFixture.config("solo", "192.168.50.2", "10.250.0.0/30");
        // A /30 leaves room for exactly one pod: the second must wait for the first's IP.
        try (HollowKubeletFixture.Running node = HollowKubeletFixture.start(config, NoEvents::new)) {
            Client client = node.client();
            Kubelet kubelet = node.kubelet();
            assertThat(kubelet.nodeName()).isEqualTo("solo");
            assertThat(client.get(Kind.NODES, "", "solo")).isPresent();

            // The first pod holds the only IP until its container exits; the second must be seen Pending before that, after its
            // sandbox failure event (written by the recorder's own threads). 5 s leaves a busy machine room for that event: with
            // 1 s, an event later than that let the first finish and free its IP, so the second could run before the Pending check.
            bound(client, "first", "solo", Map.of(SimExit.EXIT_CODE, "0", SimExit.EXIT_AFTER, "5s"));
            await("first running", () -> phase(client, "first"), "Running"::equals);
            assertThat(client.get(Kind.PODS, "default", "first").orElseThrow().getStatus().getPodIP()).isEqualTo("10.250.0.2");

            bound(client, "second", "solo", Map.of());
            await("the sandbox failure reported", () -> client.list(Kind.EVENTS, "default", ListRequest.ALL).items().stream()
                    .anyMatch(e -> e.getInvolvedObject().getName().equals("second") && "FailedCreatePodSandBox".equals(e.getReason())), b -> b);
            assertThat(phase(client, "second")).isEqualTo("Pending");

            // The first pod's container exits by itself; only relisting can tell the kubelet.
            await("first succeeded", () -> phase(client, "first"), "Succeeded"::equals);
            client.delete(Kind.PODS, "default", "first", new DeleteOptionsBuilder().build());
            await("first gone", () -> phase(client, "first"), "gone"::equals);
            // Its IP is free again: the retried sandbox of the second pod gets it.
            await("second running", () -> phase(client, "second"), "Running"::equals);
            assertThat(client.get(Kind.PODS, "default", "second").orElseThrow().getStatus().getPodIP()).isEqualTo("10.250.0.2");
            await("the first pod's worker done", kubelet::podCount, n -> n == 1);
        }
    }
}
