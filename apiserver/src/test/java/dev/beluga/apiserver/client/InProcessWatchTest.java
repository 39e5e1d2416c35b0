package dev.beluga.apiserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.api.errors.StatusException;
import dev.beluga.api.selection.FieldSelector;
import dev.beluga.api.selection.LabelSelector;
import dev.beluga.apiserver.registry.ListOptions;
import dev.beluga.apiserver.registry.ObjectRegistry;
import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Kind;
import dev.beluga.client.WatchHandler;
import dev.beluga.storage.CompactedException;
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.StorageException;
import dev.beluga.storage.WatchEvent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The delivery side of an in-process watch, driven through its store listener directly: what the
 * handler sees when the watcher falls behind, on progress notifications, and when the store ends it.
 */
class InProcessWatchTest {
    private static LocalApiServer api;
    private static ObjectRegistry registry;

    @BeforeAll
    static void start() {
        api = LocalApiServer.start();
        registry = api.server().registry();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static ListOptions from(String rv) {
        return new ListOptions(LabelSelector.everything(), FieldSelector.parse("", Kind.CONFIGMAPS.type()), 0, Optional.empty(), rv);
    }

    static WatchEvent created(String name, long revision) {
        String json = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"resourceVersion\":\"" + revision + "\",\"name\":\"" + name
                + "\",\"namespace\":\"default\"}}";
        return new WatchEvent(WatchEvent.Type.PUT, new KeyValue("/registry/configmaps/default/" + name, json.getBytes(StandardCharsets.UTF_8),
                revision, revision), Optional.empty());
    }

    static final class Handler implements WatchHandler<ConfigMap> {
        final List<String> names = new CopyOnWriteArrayList<>();
        final List<String> bookmarks = new CopyOnWriteArrayList<>();
        final AtomicReference<Optional<StatusException>> closedWith = new AtomicReference<>();
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch release;
        final CountDownLatch firstSeen = new CountDownLatch(1);

        Handler(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public void onEvent(EventType type, ConfigMap object) {
            names.add(object.getMetadata().getName());
            firstSeen.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onBookmark(String resourceVersion) {
            bookmarks.add(resourceVersion);
        }

        @Override
        public void onClose(Optional<StatusException> error) {
            closes.incrementAndGet();
            closedWith.compareAndSet(null, error);
            closed.countDown();
        }

        Optional<StatusException> awaitClose() throws InterruptedException {
            assertThat(closed.await(30, TimeUnit.SECONDS)).as("the watch ended").isTrue();
            return closedWith.get();
        }
    }

    private static InProcessWatch<ConfigMap> opened(Handler handler, boolean bookmarks, int backlog) {
        InProcessWatch<ConfigMap> watch = new InProcessWatch<>(Kind.CONFIGMAPS, bookmarks, handler, w -> {}, backlog);
        String now = Long.toString(registry.store().currentRevision());
        watch.deliver(watch.open(registry, "default", from(now)), "watch-test");
        return watch;
    }

    @Test
    void aWatcherThatFallsBehindEndsWithExpired() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Handler handler = new Handler(release);
        InProcessWatch<ConfigMap> watch = opened(handler, false, 3);
        // The handler blocks on the first change; the store keeps notifying without waiting for it.
        watch.onEvent(created("slow-0", 1_000_000));
        assertThat(handler.firstSeen.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 4; i++) watch.onEvent(created("slow-" + i, 1_000_000 + i));
        release.countDown();
        Optional<StatusException> end = handler.awaitClose();
        assertThat(end).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(410);
            assertThat(e.getMessage()).contains("fell behind");
        });
        assertThat(handler.names).doesNotContain("slow-4");
        watch.close();
        assertThat(handler.closes.get()).isEqualTo(1);
    }

    @Test
    void progressBecomesABookmarkOnlyWhenAsked() throws Exception {
        CountDownLatch open = new CountDownLatch(0);
        Handler asked = new Handler(open);
        Handler notAsked = new Handler(open);
        InProcessWatch<ConfigMap> a = opened(asked, true, 100);
        InProcessWatch<ConfigMap> b = opened(notAsked, false, 100);
        a.onProgress(1_234_567);
        b.onProgress(1_234_567);
        a.onEvent(created("after-progress", 1_234_568));
        b.onEvent(created("after-progress", 1_234_568));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((!asked.names.contains("after-progress") || !notAsked.names.contains("after-progress")) && System.nanoTime() < deadline) Thread.sleep(5);
        // These watches are also the store's (opened()): its own progress notifications, every few seconds,
        // become bookmarks of the asking watch too, at the store's real revisions. Only ours is 1234567.
        assertThat(asked.bookmarks).containsOnlyOnce("1234567");
        long storeRevision = registry.store().currentRevision();
        assertThat(asked.bookmarks).filteredOn(mark -> !mark.equals("1234567"))
                .allSatisfy(mark -> assertThat(Long.parseLong(mark)).isLessThanOrEqualTo(storeRevision));
        assertThat(notAsked.bookmarks).isEmpty();
        a.close();
        b.close();
        assertThat(asked.awaitClose()).isEmpty();
        assertThat(notAsked.awaitClose()).isEmpty();
    }

    @Test
    void theStoreEndingAWatchIsReportedAsAStatus() throws Exception {
        Handler normal = new Handler(new CountDownLatch(0));
        opened(normal, false, 100).onClose(Optional.empty());
        assertThat(normal.awaitClose()).isEmpty();

        Handler compacted = new Handler(new CountDownLatch(0));
        opened(compacted, false, 100).onClose(Optional.of(new CompactedException(5, 9)));
        assertThat(compacted.awaitClose()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(410));

        Handler broken = new Handler(new CountDownLatch(0));
        opened(broken, false, 100).onClose(Optional.of(new StorageException("disk gone")));
        assertThat(broken.awaitClose()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(503));
    }
}
