package dev.beluga.storage.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.storage.KeyValue;
import dev.beluga.storage.ListPage;
import dev.beluga.storage.RecordingListener;
import dev.beluga.storage.StorageException;
import dev.beluga.storage.StorageTimeoutException;
import dev.beluga.storage.Store;
import dev.beluga.storage.Watch;
import dev.beluga.storage.WatchCache;
import dev.beluga.storage.WatchEvent;
import dev.beluga.storage.WriteResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd going away and coming back under a running store: calls fail with a StorageException instead of
 * hanging, work again once etcd is back, and a watch across the outage either misses nothing or ends with
 * a cause so that its consumer lists again (and then finds every acknowledged write).
 */
class EtcdStoreFaultTest {
    // Long enough for a write on a busy machine (etcd fsyncs each one), short enough that the calls made
    // against a frozen etcd time out quickly.
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    // Bounds for waiting, so a broken store fails the test instead of hanging it; nothing asserts durations.
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private EtcdProcess etcd;
    private final List<Store> stores = new ArrayList<>();
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void startEtcd() {
        etcd = EtcdProcess.start(dir.resolve("etcd"));
    }

    @AfterEach
    void stopEverything() {
        stores.forEach(Store::close);
        calls.shutdownNow();
        if (etcd != null) {
            etcd.close();
        }
    }

    private EtcdStore store() {
        EtcdStore store = EtcdStore.connect(etcd.settings("/registry", REQUEST_TIMEOUT));
        stores.add(store);
        return store;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KeyValue ok(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Ok.class);
        return ((WriteResult.Ok) r).kv();
    }

    /** What the call threw, waiting at most PATIENCE for it to return at all. */
    private Throwable failureOf(Callable<?> call) throws Exception {
        Future<?> f = calls.submit(call);
        try {
            f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("the call did not return within " + PATIENCE.toSeconds() + " s");
        }
        throw new AssertionError("the call succeeded although etcd is unavailable");
    }

    /** Retries {@code call} until it succeeds (jetcd reconnects with back-off), for at most PATIENCE. */
    private static <T> T eventually(Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                return call.call();
            } catch (StorageException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("etcd did not answer again within " + PATIENCE.toSeconds() + " s", e);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Creates {@code key} once etcd answers again. An attempt that failed may still have been applied
     * (a timeout while etcd, just restarted, was slow to commit: only the answer was lost), so a retry
     * that finds the key takes what is stored as this create's result; a first attempt never does.
     */
    private static KeyValue createEventually(Store store, String key) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        boolean failedBefore = false;
        while (true) {
            try {
                WriteResult r = store.create(key, bytes("v"));
                if (failedBefore && r instanceof WriteResult.AlreadyExists exists) {
                    return exists.current();
                }
                return ok(r);
            } catch (StorageException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("etcd did not answer again within " + PATIENCE.toSeconds() + " s", e);
                }
                failedBefore = true;
                Thread.sleep(100);
            }
        }
    }

    @Test
    void callsFailWithAStorageExceptionWhileEtcdIsDownAndWorkAgainOnceItIsBack() throws Exception {
        EtcdStore store = store();
        KeyValue a = ok(store.create("/registry/things/a", bytes("1")));

        etcd.stop();

        List<Callable<?>> each = List.of(
                () -> store.get("/registry/things/a"),
                () -> store.create("/registry/things/b", bytes("1")),
                () -> store.update("/registry/things/a", bytes("2"), a.modRevision()),
                () -> store.delete("/registry/things/a", 0),
                () -> store.list("/registry/things/", 0, "", 0),
                () -> store.count("/registry/things/"),
                store::currentRevision,
                () -> store.watch("/registry/things/", a.modRevision(), new RecordingListener()));
        for (Callable<?> call : each) {
            assertThat(failureOf(call)).isInstanceOf(StorageException.class);
        }

        etcd.start();

        KeyValue read = eventually(() -> store.get("/registry/things/a")).orElseThrow();
        assertThat(read.modRevision()).isEqualTo(a.modRevision());
        KeyValue b = createEventually(store, "/registry/things/b");
        assertThat(b.modRevision()).isGreaterThan(a.modRevision());
        assertThat(store.list("/registry/things/", 0, "", 0).items()).extracting(KeyValue::key)
                .containsExactly("/registry/things/a", "/registry/things/b");
    }

    @Test
    void everyWriteAcknowledgedBeforeEtcdIsKilledIsThereAfterItRestarts() throws Exception {
        EtcdStore store = store();
        List<KeyValue> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch someWritten = new java.util.concurrent.CountDownLatch(50);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(calls.submit(() -> {
                for (int i = 0; ; i++) {
                    try {
                        acknowledged.add(ok(store.create("/registry/acked/" + writer + "-" + i, bytes("v" + i))));
                        someWritten.countDown();
                    } catch (StorageException e) {
                        return null; // etcd is gone: this write may or may not have been applied, and was not acknowledged
                    }
                }
            }));
        }
        assertThat(someWritten.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        etcd.kill();
        for (Future<?> f : writers) {
            f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
        etcd.start();

        java.util.Map<String, KeyValue> stored = new java.util.HashMap<>();
        for (KeyValue kv : eventually(() -> store.list("/registry/acked/", 0, "", 0)).items()) {
            stored.put(kv.key(), kv);
        }
        assertThat(acknowledged).isNotEmpty().allSatisfy(kv -> {
            assertThat(stored).containsKey(kv.key());
            assertThat(stored.get(kv.key()).modRevision()).isEqualTo(kv.modRevision());
            assertThat(stored.get(kv.key()).value()).isEqualTo(kv.value());
        });
    }

    @Test
    void anEtcdThatDoesNotAnswerIsATimeout() throws Exception {
        EtcdStore store = store();
        ok(store.create("/registry/things/a", bytes("1")));

        etcd.freeze();
        try {
            assertThat(failureOf(() -> store.get("/registry/things/a"))).isInstanceOf(StorageTimeoutException.class);
            assertThat(failureOf(() -> store.create("/registry/things/b", bytes("1")))).isInstanceOf(StorageTimeoutException.class);
        } finally {
            etcd.thaw();
        }

        assertThat(eventually(() -> store.get("/registry/things/a"))).isPresent();
    }

    @Test
    void aWatchAcrossAnOutageEndsWithACauseAndARelistFindsEveryAcknowledgedWrite() throws Exception {
        EtcdStore store = store();
        RecordingListener listener = new RecordingListener();
        Watch watch = store.watch("/registry/w/", 0, listener);
        List<KeyValue> acknowledged = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            acknowledged.add(ok(store.create("/registry/w/before-" + i, bytes("v"))));
        }
        listener.awaitRevision(acknowledged.getLast().modRevision());

        etcd.stop();
        etcd.start();
        for (int i = 0; i < 5; i++) {
            acknowledged.add(createEventually(store, "/registry/w/after-" + i));
        }

        assertNoGap(listener, acknowledged);
        Optional<Throwable> cause = listener.awaitClose();
        assertThat(cause).containsInstanceOf(StorageException.class);
        ListPage relist = store.list("/registry/w/", 0, "", 0);
        assertThat(relist.items()).extracting(KeyValue::key)
                .containsExactlyInAnyOrderElementsOf(acknowledged.stream().map(KeyValue::key).toList());
        RecordingListener resumed = new RecordingListener();
        try (Watch again = store.watch("/registry/w/", relist.revision(), resumed)) {
            KeyValue next = ok(store.create("/registry/w/next", bytes("v")));
            assertThat(resumed.awaitRevision(next.modRevision())).extracting(WatchEvent::revision).containsExactly(next.modRevision());
        }
        watch.close();
        assertThat(listener.closes()).hasSize(1);
    }

    /** Whatever the watch delivered is the acknowledged writes in order, from the first, with none skipped. */
    private static void assertNoGap(RecordingListener listener, List<KeyValue> acknowledged) {
        List<Long> delivered = listener.events().stream().map(WatchEvent::revision).toList();
        List<Long> wanted = acknowledged.stream().map(KeyValue::modRevision).toList();
        assertThat(delivered.size()).isLessThanOrEqualTo(wanted.size());
        assertThat(delivered).containsExactlyElementsOf(wanted.subList(0, delivered.size()));
    }

    @Test
    void theWatchCacheOverEtcdRelistsAfterAnOutageAndServesLaterWrites() throws Exception {
        EtcdStore backend = store();
        WatchCache cache = new WatchCache(backend, WatchCache.ValueTransformer.identity(), 1000);
        // The cache owns its backend and closes it: closing the backend first would only make it reload.
        stores.remove(backend);
        stores.add(cache);
        KeyValue before = ok(cache.create("/registry/w/before", bytes("v")));
        RecordingListener listener = new RecordingListener();
        cache.watch("/registry/w/", before.modRevision(), listener);

        etcd.stop();
        assertThat(failureOf(() -> cache.get("/registry/w/before"))).isInstanceOf(StorageException.class);
        etcd.start();

        KeyValue after = createEventually(cache, "/registry/w/after");
        assertThat(eventually(() -> cache.get("/registry/w/after"))).map(KeyValue::modRevision).contains(after.modRevision());
        assertThat(cache.list("/registry/w/", 0, "", 0).items()).extracting(KeyValue::key)
                .containsExactly("/registry/w/after", "/registry/w/before");
        // The cache's watchers learn that the backend's stream broke (and relist), or saw every change.
        assertNoGap(listener, List.of(after));
        if (listener.events().isEmpty()) {
            assertThat(listener.awaitClose()).isPresent();
        }
    }
}
