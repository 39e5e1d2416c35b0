package dev.beluga.apiserver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.api.errors.StatusException;
import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.ObjectList;
import dev.beluga.client.Patch;
import dev.beluga.client.WatchHandle;
import dev.beluga.client.WatchHandler;
import dev.beluga.client.WatchRequest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-process transport on a real API server: semantics and errors as over HTTP. */
class InProcessClientTest {
    private static LocalApiServer api;
    private static Client client;

    @BeforeAll
    static void start() {
        api = LocalApiServer.start();
        client = api.client();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static Pod pod(String name, String app) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").addToLabels("app", app).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().build();
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 30s");
            Thread.sleep(10);
        }
    }

    @Test
    void createGetUpdateDeleteRoundTrip() {
        Pod mine = pod("round-trip", "rt");
        Pod created = client.create(Kind.PODS, mine);
        assertThat(created.getMetadata().getUid()).isNotEmpty();
        assertThat(created.getMetadata().getResourceVersion()).isNotEmpty();
        assertThat(created.getSpec().getRestartPolicy()).isEqualTo("Always");
        // The caller's object is not touched by the registry's metadata and defaulting.
        assertThat(mine.getMetadata().getUid()).isNull();
        assertThat(mine.getSpec().getRestartPolicy()).isNull();

        Pod got = client.get(Kind.PODS, "default", "round-trip").orElseThrow();
        assertThat(got.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());

        got.getMetadata().getLabels().put("tier", "web");
        Pod updated = client.update(Kind.PODS, got);
        assertThat(updated.getMetadata().getLabels()).containsEntry("tier", "web");
        assertThat(Long.parseLong(updated.getMetadata().getResourceVersion())).isGreaterThan(Long.parseLong(got.getMetadata().getResourceVersion()));

        // Writing the stale object again is a conflict.
        assertThatThrownBy(() -> client.update(Kind.PODS, got)).isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(409));

        // Unscheduled pods go at once.
        assertThat(client.delete(Kind.PODS, "default", "round-trip", new DeleteOptions())).isEmpty();
        assertThat(client.get(Kind.PODS, "default", "round-trip")).isEmpty();
        assertThatThrownBy(() -> client.delete(Kind.PODS, "default", "round-trip", new DeleteOptions()))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(404));
    }

    @Test
    void theFixturesHttpClientSeesWhatTheInProcessOneWrote() {
        client.create(Kind.CONFIGMAPS, new ConfigMapBuilder().withNewMetadata().withName("both-ways").withNamespace("default").endMetadata()
                .addToData("k", "v").build());
        try (Client http = api.httpClient()) {
            assertThat(http.get(Kind.CONFIGMAPS, "default", "both-ways")).hasValueSatisfying(c -> assertThat(c.getData()).containsEntry("k", "v"));
        }
    }

    @Test
    void errorsAreTheApisStatuses() {
        client.create(Kind.PODS, pod("twice", "e"));
        assertThatThrownBy(() -> client.create(Kind.PODS, pod("twice", "e")))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.reason()).isEqualTo("AlreadyExists"));
        Pod invalid = pod("Not_Valid", "e");
        assertThatThrownBy(() -> client.create(Kind.PODS, invalid))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(422));
        Pod elsewhere = pod("nowhere", "e");
        elsewhere.getMetadata().setNamespace("missing");
        assertThatThrownBy(() -> client.create(Kind.PODS, elsewhere))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(404));
        assertThatThrownBy(() -> client.list(Kind.PODS, "", ListRequest.labels("a in (")))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(400));
        assertThatThrownBy(() -> client.get(Kind.PODS, "", "twice"))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void clusterScopedObjectsTakeNoNamespace() {
        Node node = new NodeBuilder().withNewMetadata().withName("n-scope").endMetadata().build();
        client.create(Kind.NODES, node);
        assertThat(client.get(Kind.NODES, "", "n-scope")).isPresent();
        assertThat(client.list(Kind.NODES, "", ListRequest.ALL).items()).extracting(n -> n.getMetadata().getName()).contains("n-scope");
        assertThatThrownBy(() -> client.get(Kind.NODES, "default", "n-scope"))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void listsSelectAndPage() {
        for (int i = 0; i < 5; i++) {
            client.create(Kind.CONFIGMAPS, new ConfigMapBuilder().withNewMetadata().withName("page-" + i).withNamespace("default")
                    .addToLabels("set", "paged").addToLabels("parity", i % 2 == 0 ? "even" : "odd").endMetadata().build());
        }
        assertThat(client.list(Kind.CONFIGMAPS, "default", ListRequest.labels("set=paged,parity=even")).items())
                .extracting(c -> c.getMetadata().getName()).containsExactly("page-0", "page-2", "page-4");
        ObjectList<ConfigMap> first = client.list(Kind.CONFIGMAPS, "default", ListRequest.labels("set=paged").page(2, ""));
        assertThat(first.items()).hasSize(2);
        assertThat(first.continueToken()).isNotEmpty();
        ObjectList<ConfigMap> second = client.list(Kind.CONFIGMAPS, "default", ListRequest.labels("set=paged").page(2, first.continueToken()));
        ObjectList<ConfigMap> third = client.list(Kind.CONFIGMAPS, "default", ListRequest.labels("set=paged").page(2, second.continueToken()));
        assertThat(third.continueToken()).isEmpty();
        assertThat(List.of(first, second, third)).flatExtracting(ObjectList::items).extracting(c -> c.getMetadata().getName())
                .containsExactly("page-0", "page-1", "page-2", "page-3", "page-4");
        assertThat(client.list(Kind.CONFIGMAPS, "default", ListRequest.fields("metadata.name=page-3")).items()).hasSize(1);
    }

    @Test
    void patchesMainAndStatus() {
        client.create(Kind.PODS, pod("patched", "p"));
        Pod merged = client.patch(Kind.PODS, "default", "patched", Patch.merge("{\"metadata\":{\"labels\":{\"extra\":\"yes\"}}}"));
        assertThat(merged.getMetadata().getLabels()).containsEntry("extra", "yes").containsEntry("app", "p");
        Pod strategic = client.patch(Kind.PODS, "default", "patched",
                Patch.strategic("{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox:1.37\"}]}}"));
        assertThat(strategic.getSpec().getContainers()).hasSize(1);
        assertThat(strategic.getSpec().getContainers().getFirst().getImage()).isEqualTo("busybox:1.37");
        Pod status = client.patch(Kind.PODS, "default", "patched", Patch.mergeStatus("{\"status\":{\"phase\":\"Running\"},\"metadata\":{\"labels\":{\"ignored\":\"x\"}}}"));
        assertThat(status.getStatus().getPhase()).isEqualTo("Running");
        assertThat(status.getMetadata().getLabels()).doesNotContainKey("ignored");
        // Status on the main resource is kept as it was.
        Pod main = client.patch(Kind.PODS, "default", "patched", Patch.merge("{\"status\":{\"phase\":\"Failed\"}}"));
        assertThat(main.getStatus().getPhase()).isEqualTo("Running");
        assertThatThrownBy(() -> client.patch(Kind.PODS, "default", "patched", Patch.json("[{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"x\"}]")))
                .isInstanceOf(StatusException.class);
    }

    @Test
    void updateStatusChangesOnlyStatus() {
        Pod created = client.create(Kind.PODS, pod("status-put", "s"));
        created.getMetadata().getLabels().put("ignored", "x");
        created.getStatus().setPhase("Running");
        Pod after = client.updateStatus(Kind.PODS, created);
        assertThat(after.getStatus().getPhase()).isEqualTo("Running");
        assertThat(after.getMetadata().getLabels()).doesNotContainKey("ignored");
    }

    @Test
    void bindingAssignsOnceAndMarksScheduled() {
        Pod created = client.create(Kind.PODS, pod("to-bind", "b"));
        assertThatThrownBy(() -> client.bind("default", "to-bind", "other-uid", "n1"))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(409));
        client.bind("default", "to-bind", created.getMetadata().getUid(), "n1");
        Pod bound = client.get(Kind.PODS, "default", "to-bind").orElseThrow();
        assertThat(bound.getSpec().getNodeName()).isEqualTo("n1");
        assertThat(bound.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("PodScheduled");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThatThrownBy(() -> client.bind("default", "to-bind", "", "n2"))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.getMessage()).contains("already assigned to node \"n1\""));
        assertThatThrownBy(() -> client.bind("default", "absent", "", "n2"))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(404));

        // A bound pod's delete is graceful: it stays, marked, until confirmed with grace 0.
        Optional<Pod> marked = client.delete(Kind.PODS, "default", "to-bind", new DeleteOptions());
        assertThat(marked).hasValueSatisfying(p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNotNull());
        assertThatThrownBy(() -> client.bind("default", "to-bind", "", "n2")).isInstanceOf(StatusException.class);
        assertThat(client.delete(Kind.PODS, "default", "to-bind", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build())).isEmpty();
    }

    @Test
    void evictionDeletesWithItsOptions() {
        client.create(Kind.PODS, pod("evicted", "v"));
        client.bind("default", "evicted", "", "n1");
        client.evict("default", "evicted", new DeleteOptionsBuilder().withGracePeriodSeconds(7L).build());
        Pod marked = client.get(Kind.PODS, "default", "evicted").orElseThrow();
        assertThat(marked.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(7L);
        assertThatThrownBy(() -> client.evict("default", "never", new DeleteOptions()))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(404));
    }

    record Seen(WatchHandler.EventType type, String name) {}

    static final class Recorder<T extends io.fabric8.kubernetes.api.model.HasMetadata> implements WatchHandler<T> {
        final List<Seen> events = new CopyOnWriteArrayList<>();
        final List<String> bookmarks = new CopyOnWriteArrayList<>();
        final AtomicReference<Optional<StatusException>> closed = new AtomicReference<>();
        volatile Thread thread;

        @Override
        public void onEvent(EventType type, T object) {
            thread = Thread.currentThread();
            events.add(new Seen(type, object.getMetadata().getName()));
        }

        @Override
        public void onBookmark(String resourceVersion) {
            bookmarks.add(resourceVersion);
        }

        @Override
        public void onClose(Optional<StatusException> error) {
            closed.set(error);
        }
    }

    @Test
    void watchStartsWithTheCurrentStateThenFollowsSelections() throws Exception {
        client.create(Kind.CONFIGMAPS, new ConfigMapBuilder().withNewMetadata().withName("w-before").withNamespace("default")
                .addToLabels("watch", "me").endMetadata().build());
        Recorder<ConfigMap> all = new Recorder<>();
        Recorder<ConfigMap> selected = new Recorder<>();
        try (WatchHandle a = client.watch(Kind.CONFIGMAPS, "default", WatchRequest.from(""), all);
             WatchHandle s = client.watch(Kind.CONFIGMAPS, "default", WatchRequest.from("").withLabels("watch=me"), selected)) {
            await(() -> selected.events.contains(new Seen(WatchHandler.EventType.ADDED, "w-before")));
            ConfigMap outside = client.create(Kind.CONFIGMAPS, new ConfigMapBuilder().withNewMetadata().withName("w-outside").withNamespace("default")
                    .endMetadata().build());
            // Entering the selection is ADDED for the selective watcher, MODIFIED for the other; leaving it DELETED.
            client.patch(Kind.CONFIGMAPS, "default", "w-outside", Patch.merge("{\"metadata\":{\"labels\":{\"watch\":\"me\"}}}"));
            client.patch(Kind.CONFIGMAPS, "default", "w-outside", Patch.merge("{\"metadata\":{\"labels\":{\"watch\":null}}}"));
            client.delete(Kind.CONFIGMAPS, "default", "w-before", new DeleteOptions());
            // Each watch delivers on its own thread, and the unselective one also replays whatever earlier
            // tests left in the shared namespace: wait for each to show the last change (in order, so all before it).
            await(() -> all.events.contains(new Seen(WatchHandler.EventType.DELETED, "w-before")) && selected.events.size() >= 4);
            assertThat(selected.events).containsExactly(
                    new Seen(WatchHandler.EventType.ADDED, "w-before"),
                    new Seen(WatchHandler.EventType.ADDED, "w-outside"),
                    new Seen(WatchHandler.EventType.DELETED, "w-outside"),
                    new Seen(WatchHandler.EventType.DELETED, "w-before"));
            assertThat(all.events).contains(new Seen(WatchHandler.EventType.ADDED, "w-outside"), new Seen(WatchHandler.EventType.MODIFIED, "w-outside"));
            assertThat(all.thread.isVirtual()).isTrue();
            assertThat(outside.getMetadata().getName()).isEqualTo("w-outside");
        }
        await(() -> all.closed.get() != null && selected.closed.get() != null);
        assertThat(all.closed.get()).isEmpty();
    }

    @Test
    void watchFromAResourceVersionSeesOnlyLaterChanges() throws Exception {
        ConfigMap first = client.create(Kind.CONFIGMAPS, new ConfigMapBuilder().withNewMetadata().withName("rv-first").withNamespace("default").endMetadata().build());
        client.create(Kind.CONFIGMAPS, new ConfigMapBuilder().withNewMetadata().withName("rv-second").withNamespace("default").endMetadata().build());
        Recorder<ConfigMap> r = new Recorder<>();
        try (WatchHandle h = client.watch(Kind.CONFIGMAPS, "default", WatchRequest.from(first.getMetadata().getResourceVersion()), r)) {
            await(() -> r.events.contains(new Seen(WatchHandler.EventType.ADDED, "rv-second")));
            assertThat(r.events).doesNotContain(new Seen(WatchHandler.EventType.ADDED, "rv-first"));
        }
    }

    @Test
    void invalidResourceVersionEndsTheWatchWithBadRequest() throws Exception {
        Recorder<ConfigMap> r = new Recorder<>();
        client.watch(Kind.CONFIGMAPS, "default", WatchRequest.from("not-a-number"), r);
        await(() -> r.closed.get() != null);
        assertThat(r.closed.get()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void aHandlerThatThrowsDoesNotEndTheWatch() throws Exception {
        List<String> names = new CopyOnWriteArrayList<>();
        WatchHandler<ConfigMap> failing = new WatchHandler<>() {
            @Override
            public void onEvent(EventType type, ConfigMap object) {
                names.add(object.getMetadata().getName());
                if (object.getMetadata().getName().equals("throw-1")) throw new IllegalStateException("handler bug (expected by the test)");
            }

            @Override
            public void onClose(Optional<StatusException> error) {}
        };
        try (WatchHandle h = client.watch(Kind.CONFIGMAPS, "default", WatchRequest.from("").withFields("metadata.namespace=default"), failing)) {
            client.create(Kind.CONFIGMAPS, new ConfigMapBuilder().withNewMetadata().withName("throw-1").withNamespace("default").endMetadata().build());
            client.create(Kind.CONFIGMAPS, new ConfigMapBuilder().withNewMetadata().withName("throw-2").withNamespace("default").endMetadata().build());
            await(() -> names.contains("throw-2"));
        }
    }
}
