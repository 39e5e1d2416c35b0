package dev.beluga.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.storage.sqlite.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchCacheTest {
    @TempDir
    Path dir;

    private final AtomicInteger transforms = new AtomicInteger();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** Appends "@revision" so tests can tell transformed bytes from stored ones. */
    private final WatchCache.ValueTransformer stamping = (key, value, rev) -> {
        transforms.incrementAndGet();
        return (new String(value, StandardCharsets.UTF_8) + "@" + rev).getBytes(StandardCharsets.UTF_8);
    };

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private SqliteStore backend() {
        return SqliteStore.open(dir.resolve("state.db"));
    }

    private WatchCache cache(Store backend, int capacity, Duration progress) {
        WatchCache cache = new WatchCache(backend, stamping, capacity, progress);
        toClose.add(cache);
        return cache;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static KeyValue ok(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Ok.class);
        return ((WriteResult.Ok) r).kv();
    }

    @Test
    void startsWithTheBackendsValuesTransformed() {
        SqliteStore backend = backend();
        long rev = ok(backend.create("/a", bytes("x"))).modRevision();

        WatchCache cache = cache(backend, 100, Duration.ofSeconds(5));

        assertThat(text(cache.get("/a").orElseThrow().value())).isEqualTo("x@" + rev);
        assertThat(cache.list("/", 0, "", 0).revision()).isEqualTo(rev);
    }

    @Test
    void transformsEachEventOnceAndEveryWatcherAndReaderSharesTheBytes() {
        SqliteStore backend = backend();
        backend.create("/pods/a", bytes("a"));
        backend.create("/pods/b", bytes("b"));
        WatchCache cache = cache(backend, 100, Duration.ofSeconds(5));
        List<RecordingListener> watchers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            RecordingListener l = new RecordingListener();
            cache.watch("/pods/", 0, l);
            watchers.add(l);
        }
        int afterLoad = transforms.get();

        KeyValue c = ok(cache.create("/pods/c", bytes("c")));
        KeyValue a = ok(cache.update("/pods/a", bytes("a2"), 0));
        KeyValue b = ok(cache.delete("/pods/b", 0));
        KeyValue got = cache.get("/pods/c").orElseThrow();
        ListPage listed = cache.list("/pods/", 0, "", 0);

        assertThat(afterLoad).isEqualTo(2);
        assertThat(transforms.get()).isEqualTo(afterLoad + 3);
        assertThat(text(c.value())).isEqualTo("c@" + c.modRevision());
        assertThat(text(a.value())).isEqualTo("a2@" + a.modRevision());
        assertThat(text(b.value())).isEqualTo("b@" + b.modRevision());
        assertThat(got.value()).isSameAs(c.value());
        assertThat(listed.items()).extracting(KeyValue::key).containsExactly("/pods/a", "/pods/c");
        assertThat(listed.items().get(1).value()).isSameAs(c.value());
        List<WatchEvent> first = watchers.getFirst().awaitEvents(3);
        assertThat(first.get(0).kv().value()).isSameAs(c.value());
        assertThat(first.get(2).type()).isEqualTo(WatchEvent.Type.DELETE);
        assertThat(first.get(2).kv().value()).isSameAs(b.value());
        assertThat(text(first.get(1).previous().orElseThrow().value())).startsWith("a@");
        for (RecordingListener l : watchers) {
            List<WatchEvent> events = l.awaitEvents(3);
            for (int i = 0; i < 3; i++) {
                assertThat(events.get(i).kv().value()).isSameAs(first.get(i).kv().value());
            }
        }
    }

    @Test
    void failedConditionsCarryTheTransformedCurrentValue() {
        WatchCache cache = cache(backend(), 100, Duration.ofSeconds(5));
        KeyValue v1 = ok(cache.create("/k", bytes("one")));
        KeyValue v2 = ok(cache.update("/k", bytes("two"), v1.modRevision()));

        WriteResult exists = cache.create("/k", bytes("x"));
        WriteResult conflict = cache.update("/k", bytes("x"), v1.modRevision());

        assertThat(text(((WriteResult.AlreadyExists) exists).current().value())).isEqualTo("two@" + v2.modRevision());
        assertThat(((WriteResult.Conflict) conflict).current().value()).isSameAs(v2.value());
        assertThat(cache.delete("/missing", 0)).isInstanceOf(WriteResult.NotFound.class);
    }

    @Test
    void aWatchOlderThanTheRingIsServedByTheBackendWithTransformedValues() {
        WatchCache cache = cache(backend(), 3, Duration.ofSeconds(5));
        List<KeyValue> writes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            writes.add(ok(cache.create("/r/" + i, bytes("v" + i))));
        }
        long from = writes.get(1).modRevision();
        RecordingListener old = new RecordingListener();
        RecordingListener recent = new RecordingListener();

        try (Watch w1 = cache.watch("/r/", from, old); Watch w2 = cache.watch("/r/", writes.get(7).modRevision(), recent)) {
            KeyValue live = ok(cache.create("/r/live", bytes("l")));

            List<WatchEvent> oldEvents = old.awaitRevision(live.modRevision());
            assertThat(oldEvents).extracting(WatchEvent::revision)
                    .containsExactlyElementsOf(LongStream.rangeClosed(from + 1, live.modRevision()).boxed().toList());
            assertThat(oldEvents).allSatisfy(e -> assertThat(text(e.kv().value())).endsWith("@" + e.revision()));
            List<WatchEvent> recentEvents = recent.awaitRevision(live.modRevision());
            assertThat(recentEvents).extracting(WatchEvent::revision)
                    .containsExactly(writes.get(8).modRevision(), writes.get(9).modRevision(), live.modRevision());
            assertThat(recentEvents.getLast().kv().value()).isSameAs(live.value());
        }
    }

    @Test
    void aListAtAnOlderRevisionIsReadFromTheBackendAndTransformed() {
        WatchCache cache = cache(backend(), 100, Duration.ofSeconds(5));
        KeyValue v1 = ok(cache.create("/k", bytes("one")));
        cache.update("/k", bytes("two"), 0);

        ListPage old = cache.list("/", v1.modRevision(), "", 0);

        assertThat(old.revision()).isEqualTo(v1.modRevision());
        assertThat(old.items()).singleElement().satisfies(kv -> assertThat(text(kv.value())).isEqualTo("one@" + v1.modRevision()));
    }

    @Test
    void everyWatcherGetsProgressNotificationsAtTheCurrentRevision() {
        WatchCache cache = cache(backend(), 100, Duration.ofMillis(20));
        RecordingListener a = new RecordingListener();
        RecordingListener b = new RecordingListener();
        cache.watch("/a/", 0, a);
        cache.watch("/b/", 0, b);

        KeyValue kv = ok(cache.create("/a/x", bytes("1")));

        assertThat(a.awaitProgress(kv.modRevision())).isEqualTo(kv.modRevision());
        assertThat(b.awaitProgress(kv.modRevision())).isEqualTo(kv.modRevision());
        assertThat(a.events()).extracting(WatchEvent::revision).containsExactly(kv.modRevision());
        assertThat(b.events()).isEmpty();
    }

    @Test
    void aFailedBackendWatchClosesEveryWatcherWithTheCauseAndTheCacheReloads() {
        List<WatchListener> backendListeners = new CopyOnWriteArrayList<>();
        Store backend = new DelegatingStore(backend()) {
            @Override
            public Watch watch(String prefix, long afterRevision, WatchListener listener) {
                backendListeners.add(listener);
                return delegate.watch(prefix, afterRevision, listener);
            }
        };
        WatchCache cache = cache(backend, 100, Duration.ofSeconds(5));
        RecordingListener watcher = new RecordingListener();
        cache.watch("/", 0, watcher);
        ok(cache.create("/before", bytes("1")));
        StorageException boom = new StorageException("backend connection lost");

        backendListeners.getFirst().onClose(Optional.of(boom));

        assertThat(watcher.awaitClose()).containsSame(boom);
        KeyValue after = ok(cache.create("/after", bytes("2")));
        assertThat(text(cache.get("/after").orElseThrow().value())).isEqualTo("2@" + after.modRevision());
        assertThat(cache.list("/", 0, "", 0).items()).extracting(KeyValue::key).containsExactly("/after", "/before");
        RecordingListener again = new RecordingListener();
        cache.watch("/", 0, again);
        KeyValue third = ok(cache.create("/third", bytes("3")));
        assertThat(again.awaitEvents(1)).extracting(WatchEvent::revision).containsExactly(third.modRevision());
        assertThat(backendListeners).hasSize(2);
    }

    @Test
    void aThousandWatchersOnOnePrefixEachSeeEveryEventInOrder() {
        WatchCache cache = cache(backend(), 1000, Duration.ofSeconds(5));
        List<RecordingListener> watchers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            RecordingListener l = new RecordingListener();
            cache.watch("/pods/", 0, l);
            watchers.add(l);
        }
        long start = cache.currentRevision();
        for (int i = 0; i < 100; i++) {
            ok(cache.create("/pods/p" + i, bytes("v")));
        }
        List<Long> expected = LongStream.rangeClosed(start + 1, start + 100).boxed().toList();
        for (RecordingListener l : watchers) {
            assertThat(l.awaitEvents(100)).extracting(WatchEvent::revision).containsExactlyElementsOf(expected);
        }
    }
}
