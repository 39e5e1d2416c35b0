package dev.beluga.apiserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.events.ClientEventRecorder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Events as `kubectl get events` shows them: aggregated repeats, every distinct event written. */
class ClientEventRecorderTest {
    private static List<Event> awaitEvents(Supplier<List<Event>> events, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Event> now = events.get();
        while (now.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = events.get();
        }
        return now;
    }

    @Test
    void repeatsBumpTheCountAndDistinctEventsAllArrive() throws Exception {
        try (LocalApiServer server = LocalApiServer.start();
             ClientEventRecorder recorder = new ClientEventRecorder(server.client(), "test-controller", "host-a")) {
            server.client().create(Kind.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName("ev").endMetadata().build());
            ConfigMap involved = server.client().create(Kind.CONFIGMAPS,
                    new ConfigMapBuilder().withNewMetadata().withNamespace("ev").withName("cm").endMetadata().build());
            Supplier<List<Event>> events = () -> server.client().list(Kind.EVENTS, "ev", ListRequest.ALL).items();

            recorder.warning(involved, "Broken", "it broke");
            List<Event> first = awaitEvents(events, 1);
            assertThat(first).hasSize(1);
            recorder.warning(involved, "Broken", "it broke");
            recorder.warning(involved, "Broken", "it broke");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (events.get().getFirst().getCount() < 3 && System.nanoTime() < deadline) Thread.sleep(20);
            Event aggregated = events.get().getFirst();
            assertThat(aggregated.getCount()).isEqualTo(3);
            assertThat(aggregated.getType()).isEqualTo("Warning");
            assertThat(aggregated.getSource().getComponent()).isEqualTo("test-controller");
            assertThat(aggregated.getInvolvedObject().getName()).isEqualTo("cm");
            assertThat(aggregated.getInvolvedObject().getUid()).isEqualTo(involved.getMetadata().getUid());

            for (int i = 0; i < 200; i++) recorder.normal(involved, "Step", "step " + i);
            assertThat(awaitEvents(events, 201)).hasSize(201);
        }
    }
}
