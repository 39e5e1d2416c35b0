package dev.beluga.storage.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.storage.CompactedException;
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.RecordingListener;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several stores on one etcd, as several API servers: compaction, progress, prefixes. */
class EtcdStoreSharingTest {
    @TempDir
    Path dir;

    private EtcdProcess etcd;
    private final List<Store> stores = new ArrayList<>();

    @BeforeEach
    void startEtcd() {
        // etcd's own progress notifications come every 10 minutes here, so no test below sees one by chance.
        etcd = EtcdProcess.start(dir.resolve("etcd"));
    }

    @AfterEach
    void stopEverything() {
        stores.forEach(Store::close);
        etcd.close();
    }

    private EtcdStore store(String prefix) {
        EtcdStore store = EtcdStore.connect(etcd.settings(prefix, Duration.ofSeconds(5)));
        stores.add(store);
        return store;
    }

    private static KeyValue ok(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Ok.class);
        return ((WriteResult.Ok) r).kv();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCompactionThroughOneStoreIsKnownToAnother() throws Exception {
        EtcdStore one = store("/registry");
        EtcdStore two = store("/registry");
        KeyValue old = ok(one.create("/registry/c/a", bytes("1")));
        ok(one.update("/registry/c/a", bytes("2"), 0));
        long compactAt = one.currentRevision();
        ok(one.create("/registry/c/b", bytes("1")));

        one.compact(compactAt);

        assertThatThrownBy(() -> two.list("/registry/c/", old.modRevision(), "", 0)).isInstanceOf(CompactedException.class);
        assertThatThrownBy(() -> two.watch("/registry/c/", old.modRevision(), new RecordingListener()))
                .isInstanceOf(CompactedException.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (two.compactedRevision() != compactAt && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(two.compactedRevision()).isEqualTo(compactAt);
        // Compacting again to the same or an older revision through the other store changes nothing.
        two.compact(compactAt);
        assertThat(two.compactedRevision()).isEqualTo(compactAt);
        assertThat(store("/registry").compactedRevision()).isEqualTo(compactAt);
    }

    @Test
    void aWriteThroughOneStoreReachesAWatchOnAnotherInOrder() {
        EtcdStore one = store("/registry");
        EtcdStore two = store("/registry");
        RecordingListener listener = new RecordingListener();
        try (Watch w = two.watch("/registry/pods/", 0, listener)) {
            List<Long> written = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                written.add(ok(one.create("/registry/pods/ns/p" + i, bytes("v"))).modRevision());
            }
            assertThat(listener.awaitRevision(written.getLast())).extracting(WatchEvent::revision).containsExactlyElementsOf(written);
        }
    }

    @Test
    void twoWatchCachesOnOneEtcdServeEachOthersWritesAsTwoApiServersWould() {
        WatchCache one = new WatchCache(EtcdStore.connect(etcd.settings("/registry", Duration.ofSeconds(5))), WatchCache.ValueTransformer.identity(), 1000);
        stores.add(one);
        WatchCache two = new WatchCache(EtcdStore.connect(etcd.settings("/registry", Duration.ofSeconds(5))), WatchCache.ValueTransformer.identity(), 1000);
        stores.add(two);
        RecordingListener watchOnTwo = new RecordingListener();
        try (Watch w = two.watch("/registry/pods/", 0, watchOnTwo)) {
            KeyValue created = ok(one.create("/registry/pods/ns/a", bytes("1")));
            KeyValue updated = ok(one.update("/registry/pods/ns/a", bytes("2"), created.modRevision()));

            // A read through the other server right after the write sees it (it waits for etcd's revision).
            assertThat(two.get("/registry/pods/ns/a")).map(KeyValue::modRevision).contains(updated.modRevision());
            assertThat(watchOnTwo.awaitRevision(updated.modRevision())).extracting(WatchEvent::revision)
                    .containsExactly(created.modRevision(), updated.modRevision());
            // A conditional write through the second server on the first one's stale revision conflicts.
            assertThat(two.update("/registry/pods/ns/a", bytes("3"), created.modRevision())).isInstanceOf(WriteResult.Conflict.class);
        }
    }

    @Test
    void etcdsProgressNotificationsReachTheListenerWithEtcdsRevision() {
        // Progress notifications every 200 ms instead of etcd's 10 minutes, so the test sees them.
        try (EtcdProcess chatty = EtcdProcess.start(dir.resolve("etcd-progress"), Optional.of(Duration.ofMillis(200)));
                EtcdStore quiet = EtcdStore.connect(chatty.settings("/registry", Duration.ofSeconds(5)))) {
            RecordingListener listener = new RecordingListener();
            try (Watch w = quiet.watch("/registry/idle/", 0, listener)) {
                // A write elsewhere moves etcd's revision; the idle watch learns it has missed nothing up to there.
                KeyValue elsewhere = ok(quiet.create("/registry/busy/x", bytes("v")));
                assertThat(listener.awaitProgress(elsewhere.modRevision())).isGreaterThanOrEqualTo(elsewhere.modRevision());
                assertThat(listener.events()).isEmpty();
            }
        }
    }

    @Test
    void aWatchOfEverythingAPrefixedStoreHoldsLearnsOfWritesUnderOtherPrefixesAsProgress() {
        EtcdStore a = store("/cluster-a/registry");
        EtcdStore b = store("/cluster-b/registry");
        RecordingListener everything = new RecordingListener();
        RecordingListener pods = new RecordingListener();
        try (Watch w = a.watch("", 0, everything); Watch p = a.watch("/registry/pods/", 0, pods)) {
            KeyValue foreign = ok(b.create("/registry/pods/ns/x", bytes("b")));

            assertThat(everything.awaitProgress(foreign.modRevision())).isEqualTo(foreign.modRevision());
            assertThat(everything.events()).isEmpty();

            KeyValue own = ok(a.create("/registry/pods/ns/y", bytes("a")));
            assertThat(everything.awaitRevision(own.modRevision())).extracting(e -> e.kv().key()).containsExactly("/registry/pods/ns/y");
            assertThat(pods.awaitRevision(own.modRevision())).extracting(e -> e.kv().key()).containsExactly("/registry/pods/ns/y");
        }
    }

    @Test
    void aWatchCacheIsNotStalledByAnotherClustersWritesOnTheSameEtcd() {
        WatchCache a = new WatchCache(EtcdStore.connect(etcd.settings("/cluster-a/registry", Duration.ofSeconds(5))), WatchCache.ValueTransformer.identity(), 1000);
        stores.add(a);
        WatchCache b = new WatchCache(EtcdStore.connect(etcd.settings("/cluster-b/registry", Duration.ofSeconds(5))), WatchCache.ValueTransformer.identity(), 1000);
        stores.add(b);
        ok(a.create("/registry/pods/ns/mine", bytes("a")));
        KeyValue foreign = ok(b.create("/registry/pods/ns/theirs", bytes("b")));

        // Reads through a wait for etcd's revision, which b's write moved; a learns of it as progress. Without
        // that, this read waited for a write of a's own and failed with StorageTimeoutException.
        assertThat(a.get("/registry/pods/ns/mine")).isPresent();
        assertThat(a.list("/registry/pods/", 0, "", 0).revision()).isGreaterThanOrEqualTo(foreign.modRevision());
        assertThat(a.get("/registry/pods/ns/theirs")).isEmpty();
    }

    @Test
    void aListPageLargerThanGrpcsDefaultMessageLimitIsRead() {
        EtcdStore store = store("/registry");
        byte[] big = new byte[256 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        for (int i = 0; i < 24; i++) {
            ok(store.create("/registry/big/" + i, big));
        }

        // 6 MiB in one response: over gRPC's 4 MiB default for a received message.
        assertThat(store.list("/registry/big/", 0, "", 0).items()).hasSize(24).allSatisfy(kv -> assertThat(kv.value()).hasSize(big.length));
    }

    @Test
    void storesWithOtherPrefixesDoNotSeeEachOther() {
        EtcdStore a = store("/cluster-a/registry");
        EtcdStore b = store("/cluster-b");
        ok(a.create("/registry/pods/ns/x", bytes("a")));
        ok(b.create("/registry/pods/ns/x", bytes("b")));
        ok(a.create("/other/key", bytes("a")));

        assertThat(a.list("", 0, "", 0).items()).extracting(KeyValue::key).containsExactly("/other/key", "/registry/pods/ns/x");
        assertThat(b.list("", 0, "", 0).items()).extracting(KeyValue::key).containsExactly("/registry/pods/ns/x");
        assertThat(new String(b.get("/registry/pods/ns/x").orElseThrow().value(), StandardCharsets.UTF_8)).isEqualTo("b");
        // The default layout stores keys as given, so its whole range is all of etcd: both clusters' keys.
        EtcdStore raw = store("/registry");
        assertThat(raw.count("")).isEqualTo(3);
        EtcdStore longer = store("/cluster-bb");
        ok(longer.create("/registry/pods/ns/y", bytes("bb")));
        assertThat(b.list("", 0, "", 0).items()).extracting(KeyValue::key).containsExactly("/registry/pods/ns/x");
    }
}
