package dev.beluga.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.kubelet.KubeletConfig;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A pod whose image cannot be pulled is tried again, as upstream's kubelet does: ErrImagePull, then
 * ImagePullBackOff, then (the pod worker re-syncing a failed sync after 10 s) another pull once the
 * image back-off (10 s) has passed; and once the image is there the container starts. The doubling
 * of the back-off is {@code ImagePullerTest}'s.
 */
class ImagePullRetryOnHollowKubeletTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String NODE = "pull-node";
    private static final String IMAGE = SimulatedRuntime.MISSING_REGISTRY + "/nothing:1.0";

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        return HollowKubeletFixture.await(WAIT, what, probe, done);
    }

    private static Optional<ContainerStatus> status(Client client) {
        Pod p = client.get(Kind.PODS, "default", "app").orElseThrow();
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) return Optional.empty();
        return p.getStatus().getContainerStatuses().stream().filter(s -> s.getName().equals("app")).findFirst();
    }

    private static Optional<String> waitingReason(Client client) {
        return status(client).map(s -> s.getState()).map(s -> s.getWaiting()).map(ContainerStateWaiting::getReason);
    }

    /** How often the kubelet reported the event (an event repeated is one object with a count, as upstream's correlator). */
    private static int count(Client client, String reason) {
        List<Event> events = client.list(Kind.EVENTS, "default", dev.beluga.client.ListRequest.ALL).items();
        return events.stream().filter(e -> reason.equals(e.getReason()) && e.getInvolvedObject() != null && "app".equals(e.getInvolvedObject().getName()))
                .mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum();
    }

    @Test
    void failedPullIsRetriedAfterItsBackOffAndTheContainerStartsOnceTheImageIsThere() throws Exception {
        KubeletConfig config = HollowKubeletFixture.config(NODE, "192.168.53.2", "10.253.0.0/24");
        try (HollowKubeletFixture.Running node = HollowKubeletFixture.start(config)) {
            Client client = node.client();
            SimulatedRuntime sim = node.sim();
            Pod p = client.create(Kind.PODS, new PodBuilder().withNewMetadata().withName("app").withNamespace("default").endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage(IMAGE).endContainer().endSpec().build());
            client.bind("default", "app", p.getMetadata().getUid(), NODE);

            await("a first failed pull", () -> count(client, "Pulling"), n -> n >= 1);
            await("the container waiting on its image", () -> waitingReason(client),
                    r -> r.filter(w -> w.equals("ErrImagePull") || w.equals("ImagePullBackOff")).isPresent());
            assertThat(count(client, "Pulling")).as("pulls before the 10 s back-off passed").isEqualTo(1);

            // Upstream: the pod worker re-syncs the failed pod after 10 s and the image back-off (10 s) has passed: pull again.
            await("a second pull", () -> count(client, "Pulling"), n -> n >= 2);
            await("the second pull failing", () -> count(client, "Failed"), n -> n >= 4);

            assertThat(count(client, "Pulling")).as("pulls").isEqualTo(2);
            // Imported (as `beluga images import` does): present, so the next re-sync starts the container without pulling
            // (IfNotPresent), back-off or not, as upstream's EnsureImageExists.
            sim.importImage(IMAGE);
            await("app running", () -> status(client), s -> s.filter(c -> c.getState() != null && c.getState().getRunning() != null).isPresent());
            // The recorder writes events on its own threads: the Pulled event may land after the status says running.
            await("the Pulled event", () -> count(client, "Pulled"), n -> n >= 1);
            assertThat(count(client, "Pulling")).as("pulls").isEqualTo(2);
            assertThat(count(client, "Pulled")).as("already present on machine").isEqualTo(1);
        }
    }
}
