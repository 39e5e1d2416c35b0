package dev.beluga.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Store} must do, tested through the SPI only. A backend passes by extending this
 * class and opening its store in {@link #openStore}.
 *
 * <p>Compaction semantics pinned here: after {@code compact(c)}, lists at revisions below {@code c}
 * and watches that need changes at or below {@code c} fail with CompactedException; a list at
 * {@code c} itself and a watch after {@code c} still work (each key's value as of {@code c} is kept).
 */
public abstract class StoreConformanceTest {

    @TempDir
    protected Path dir;

    protected Store store;

    /** Opens the store kept in {@code dir}; called again on the same dir to test restarts. */
    protected abstract Store openStore(Path dir);

    /** False for stores that do not survive close (the restart tests are then skipped). */
    protected boolean persistent() {
        return true;
    }

    @BeforeEach
    void openTheStore() {
        store = openStore(dir);
    }

    @AfterEach
    void closeTheStore() {
        store.close();
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    protected KeyValue created(String key, String value) {
        WriteResult r = store.create(key, bytes(value));
        assertThat(r).isInstanceOf(WriteResult.Ok.class);
        return ((WriteResult.Ok) r).kv();
    }

    private static List<String> keys(ListPage page) {
        return page.items().stream().map(KeyValue::key).toList();
    }

    // --- create / get

    @Test
    void createThenGetReturnsTheValueAtTheNewRevision() {
        long before = store.currentRevision();
        KeyValue kv = created("/registry/pods/default/web", "v1");

        assertThat(kv.modRevision()).isEqualTo(before + 1);
        assertThat(kv.createRevision()).isEqualTo(kv.modRevision());
        assertThat(text(kv.value())).isEqualTo("v1");
        KeyValue read = store.get("/registry/pods/default/web").orElseThrow();
        assertThat(text(read.value())).isEqualTo("v1");
        assertThat(read.createRevision()).isEqualTo(kv.modRevision());
        assertThat(read.modRevision()).isEqualTo(kv.modRevision());
        assertThat(store.currentRevision()).isEqualTo(kv.modRevision());
    }

    @Test
    void getOfAMissingKeyIsEmpty() {
        created("/a/x", "1");
        assertThat(store.get("/a/y")).isEmpty();
        assertThat(store.get("/a/")).isEmpty();
    }

    @Test
    void createOfAnExistingKeyReturnsAlreadyExistsWithTheCurrentValue() {
        KeyValue first = created("/k", "one");

        WriteResult r = store.create("/k", bytes("two"));

        assertThat(r).isInstanceOf(WriteResult.AlreadyExists.class);
        KeyValue current = ((WriteResult.AlreadyExists) r).current();
        assertThat(text(current.value())).isEqualTo("one");
        assertThat(current.modRevision()).isEqualTo(first.modRevision());
        assertThat(text(store.get("/k").orElseThrow().value())).isEqualTo("one");
    }

    // --- update

    @Test
    void updateWithTheMatchingRevisionReplacesTheValueAndKeepsCreateRevision() {
        KeyValue v1 = created("/k", "one");

        WriteResult r = store.update("/k", bytes("two"), v1.modRevision());

        assertThat(r).isInstanceOf(WriteResult.Ok.class);
        KeyValue v2 = ((WriteResult.Ok) r).kv();
        assertThat(v2.modRevision()).isEqualTo(v1.modRevision() + 1);
        assertThat(v2.createRevision()).isEqualTo(v1.createRevision());
        assertThat(text(v2.value())).isEqualTo("two");
        assertThat(store.get("/k").orElseThrow().modRevision()).isEqualTo(v2.modRevision());
    }

    @Test
    void updateWithAStaleRevisionConflictsAndReturnsTheCurrentValue() {
        KeyValue v1 = created("/k", "one");
        store.update("/k", bytes("two"), 0);

        WriteResult r = store.update("/k", bytes("three"), v1.modRevision());

        assertThat(r).isInstanceOf(WriteResult.Conflict.class);
        KeyValue current = ((WriteResult.Conflict) r).current();
        assertThat(text(current.value())).isEqualTo("two");
        assertThat(current.modRevision()).isEqualTo(v1.modRevision() + 1);
        assertThat(text(store.get("/k").orElseThrow().value())).isEqualTo("two");
    }

    @Test
    void updateWithRevisionZeroIsUnconditional() {
        created("/k", "one");
        store.update("/k", bytes("two"), 0);

        WriteResult r = store.update("/k", bytes("three"), 0);

        assertThat(r).isInstanceOf(WriteResult.Ok.class);
        assertThat(text(store.get("/k").orElseThrow().value())).isEqualTo("three");
    }

    @Test
    void updateOfAMissingKeyIsNotFound() {
        assertThat(store.update("/nope", bytes("x"), 0)).isInstanceOf(WriteResult.NotFound.class);
        assertThat(store.update("/nope", bytes("x"), 7)).isInstanceOf(WriteResult.NotFound.class);
        assertThat(store.get("/nope")).isEmpty();
    }

    // --- delete

    @Test
    void deleteWithTheMatchingRevisionRemovesTheKeyAndReturnsTheLastValue() {
        KeyValue v1 = created("/k", "one");

        WriteResult r = store.delete("/k", v1.modRevision());

        assertThat(r).isInstanceOf(WriteResult.Ok.class);
        KeyValue last = ((WriteResult.Ok) r).kv();
        assertThat(text(last.value())).isEqualTo("one");
        assertThat(last.modRevision()).isEqualTo(v1.modRevision() + 1);
        assertThat(store.get("/k")).isEmpty();
        assertThat(store.currentRevision()).isEqualTo(last.modRevision());
    }

    @Test
    void deleteWithAStaleRevisionConflictsAndKeepsTheKey() {
        KeyValue v1 = created("/k", "one");
        store.update("/k", bytes("two"), 0);

        WriteResult r = store.delete("/k", v1.modRevision());

        assertThat(r).isInstanceOf(WriteResult.Conflict.class);
        assertThat(text(((WriteResult.Conflict) r).current().value())).isEqualTo("two");
        assertThat(store.get("/k")).isPresent();
    }

    @Test
    void deleteWithRevisionZeroIsUnconditional() {
        created("/k", "one");
        store.update("/k", bytes("two"), 0);

        assertThat(store.delete("/k", 0)).isInstanceOf(WriteResult.Ok.class);
        assertThat(store.get("/k")).isEmpty();
    }

    @Test
    void deleteOfAMissingKeyIsNotFound() {
        assertThat(store.delete("/nope", 0)).isInstanceOf(WriteResult.NotFound.class);
        created("/k", "one");
        store.delete("/k", 0);
        assertThat(store.delete("/k", 0)).isInstanceOf(WriteResult.NotFound.class);
    }

    @Test
    void aKeyCanBeCreatedAgainAfterDeletionWithAFreshCreateRevision() {
        KeyValue first = created("/k", "one");
        store.delete("/k", 0);

        KeyValue again = created("/k", "two");

        assertThat(again.createRevision()).isEqualTo(first.modRevision() + 2);
        assertThat(text(store.get("/k").orElseThrow().value())).isEqualTo("two");
    }

    // --- revisions

    @Test
    void eachSuccessfulWriteBumpsTheRevisionByOneAndFailedOnesDoNot() {
        long r0 = store.currentRevision();
        KeyValue a = created("/a", "1");
        assertThat(store.currentRevision()).isEqualTo(r0 + 1);

        assertThat(store.create("/a", bytes("x"))).isInstanceOf(WriteResult.AlreadyExists.class);
        assertThat(store.update("/a", bytes("x"), a.modRevision() + 100)).isInstanceOf(WriteResult.Conflict.class);
        assertThat(store.update("/missing", bytes("x"), 0)).isInstanceOf(WriteResult.NotFound.class);
        assertThat(store.delete("/missing", 0)).isInstanceOf(WriteResult.NotFound.class);
        assertThat(store.delete("/a", a.modRevision() + 100)).isInstanceOf(WriteResult.Conflict.class);
        assertThat(store.currentRevision()).isEqualTo(r0 + 1);

        WriteResult u = store.update("/a", bytes("2"), a.modRevision());
        assertThat(((WriteResult.Ok) u).kv().modRevision()).isEqualTo(r0 + 2);
        WriteResult d = store.delete("/a", 0);
        assertThat(((WriteResult.Ok) d).kv().modRevision()).isEqualTo(r0 + 3);
        KeyValue b = created("/b", "1");
        assertThat(b.modRevision()).isEqualTo(r0 + 4);
        assertThat(store.currentRevision()).isEqualTo(r0 + 4);
    }

    // --- list

    @Test
    void listReturnsOnlyKeysUnderThePrefixInUtf8ByteOrder() {
        // UTF-8 byte order: z < é < U+FFFD < U+1F600; Java's UTF-16 order would put the emoji before U+FFFD.
        List<String> wanted = List.of("/p/a", "/p/a/b", "/p/z", "/p/\u00e9", "/p/\uFFFD", "/p/\uD83D\uDE00");
        List<String> shuffled = new ArrayList<>(wanted);
        Collections.shuffle(shuffled, new java.util.Random(7));
        for (String k : shuffled) {
            created(k, k);
        }
        created("/p", "the prefix itself without slash");
        created("/pa", "sibling");
        created("/o/z", "before");
        created("/q/a", "after");

        ListPage page = store.list("/p/", 0, "", 0);

        assertThat(keys(page)).containsExactlyElementsOf(wanted);
        assertThat(page.more()).isFalse();
        assertThat(page.revision()).isEqualTo(store.currentRevision());
        assertThat(text(page.items().get(3).value())).isEqualTo("/p/\u00e9");
        assertThat(keys(store.list("", 0, "", 0))).hasSize(10);
    }

    @Test
    void listPagesWithLimitAndStartAfter() {
        for (int i = 0; i < 7; i++) {
            created("/items/" + i, "v" + i);
        }

        ListPage first = store.list("/items/", 0, "", 3);
        ListPage second = store.list("/items/", first.revision(), first.lastKey(), 3);
        ListPage third = store.list("/items/", first.revision(), second.lastKey(), 3);

        assertThat(keys(first)).containsExactly("/items/0", "/items/1", "/items/2");
        assertThat(first.more()).isTrue();
        assertThat(keys(second)).containsExactly("/items/3", "/items/4", "/items/5");
        assertThat(second.more()).isTrue();
        assertThat(keys(third)).containsExactly("/items/6");
        assertThat(third.more()).isFalse();
        assertThat(store.list("/items/", 0, "/items/6", 3).items()).isEmpty();
        ListPage exact = store.list("/items/", 0, "/items/3", 3);
        assertThat(keys(exact)).containsExactly("/items/4", "/items/5", "/items/6");
        assertThat(exact.more()).isFalse();
        assertThat(keys(store.list("/items/", 0, "/a", 2))).containsExactly("/items/0", "/items/1");
    }

    @Test
    void pagingAtTheFirstPagesRevisionIgnoresLaterWrites() {
        for (int i = 0; i < 6; i++) {
            created("/items/" + i, "v" + i);
        }
        ListPage first = store.list("/items/", 0, "", 2);

        store.delete("/items/3", 0);
        store.update("/items/4", bytes("changed"), 0);
        created("/items/45", "new");
        store.delete("/items/0", 0);

        List<KeyValue> rest = new ArrayList<>();
        ListPage page = first;
        while (page.more()) {
            page = store.list("/items/", first.revision(), page.lastKey(), 2);
            assertThat(page.revision()).isEqualTo(first.revision());
            rest.addAll(page.items());
        }
        assertThat(rest.stream().map(KeyValue::key)).containsExactly("/items/2", "/items/3", "/items/4", "/items/5");
        assertThat(text(rest.get(2).value())).isEqualTo("v4");
    }

    @Test
    void listAtAnOldRevisionSeesThatSnapshot() {
        KeyValue a = created("/s/a", "a1");
        created("/s/b", "b1");
        long snapshot = store.currentRevision();
        store.update("/s/a", bytes("a2"), 0);
        store.delete("/s/b", 0);
        created("/s/c", "c1");

        ListPage old = store.list("/s/", snapshot, "", 0);

        assertThat(old.revision()).isEqualTo(snapshot);
        assertThat(keys(old)).containsExactly("/s/a", "/s/b");
        assertThat(text(old.items().get(0).value())).isEqualTo("a1");
        assertThat(old.items().get(0).modRevision()).isEqualTo(a.modRevision());
        assertThat(old.items().get(0).createRevision()).isEqualTo(a.createRevision());
        ListPage now = store.list("/s/", 0, "", 0);
        assertThat(keys(now)).containsExactly("/s/a", "/s/c");
        assertThat(text(now.items().get(0).value())).isEqualTo("a2");
        assertThat(keys(store.list("/s/", a.modRevision(), "", 0))).containsExactly("/s/a");
    }

    @Test
    void listAtAFutureRevisionFails() {
        created("/k", "v");
        assertThatThrownBy(() -> store.list("/", store.currentRevision() + 1000, "", 0))
                .isInstanceOf(FutureRevisionException.class);
    }

    @Test
    void countCountsTheKeysUnderAPrefix() {
        created("/c/a", "1");
        created("/c/b", "1");
        created("/c/b/x", "1");
        created("/cd", "1");
        store.delete("/c/a", 0);
        created("/c/e", "1");

        assertThat(store.count("/c/")).isEqualTo(3);
        assertThat(store.count("/c")).isEqualTo(4);
        assertThat(store.count("/nothing/")).isZero();
        assertThat(store.count("")).isEqualTo(4);
    }

    // --- watch

    @Test
    void watchFromNowDeliversOnlyLaterChangesUnderThePrefix() {
        created("/w/before", "x");
        RecordingListener l = new RecordingListener();
        try (Watch w = store.watch("/w/", 0, l)) {
            KeyValue a = created("/w/a", "1");
            created("/other/b", "1");
            store.update("/w/a", bytes("2"), 0);
            KeyValue last = created("/w/c", "1");

            List<WatchEvent> events = l.awaitRevision(last.modRevision());

            assertThat(events).extracting(e -> e.kv().key()).containsExactly("/w/a", "/w/a", "/w/c");
            assertThat(events).extracting(WatchEvent::type).containsOnly(WatchEvent.Type.PUT);
            assertThat(events.get(0).isCreate()).isTrue();
            assertThat(events.get(0).revision()).isEqualTo(a.modRevision());
            assertThat(events.get(1).isCreate()).isFalse();
            assertThat(text(events.get(1).kv().value())).isEqualTo("2");
            assertThat(events.get(1).kv().createRevision()).isEqualTo(a.modRevision());
            assertThat(events.get(1).revision()).isEqualTo(a.modRevision() + 2);
        }
    }

    @Test
    void watchFromAPastRevisionReplaysInOrderThenContinuesLive() {
        KeyValue start = created("/w/a", "1");
        store.update("/w/a", bytes("2"), 0);
        created("/x/ignored", "1");
        created("/w/b", "1");
        store.delete("/w/a", 0);
        RecordingListener l = new RecordingListener();
        try (Watch w = store.watch("/w/", start.modRevision(), l)) {
            KeyValue live = created("/w/c", "1");

            List<WatchEvent> events = l.awaitRevision(live.modRevision());

            long s = start.modRevision();
            assertThat(events).extracting(WatchEvent::revision).containsExactly(s + 1, s + 3, s + 4, s + 5);
            assertThat(events).extracting(WatchEvent::type)
                    .containsExactly(WatchEvent.Type.PUT, WatchEvent.Type.PUT, WatchEvent.Type.DELETE, WatchEvent.Type.PUT);
            assertThat(text(events.get(0).kv().value())).isEqualTo("2");
        }
    }

    @Test
    void watchFromRevisionZeroOfAnEmptyStoreAndFromTheCurrentRevisionSeeTheNextWrite() {
        RecordingListener fromZero = new RecordingListener();
        RecordingListener fromCurrent = new RecordingListener();
        try (Watch a = store.watch("/", 0, fromZero); Watch b = store.watch("/", store.currentRevision(), fromCurrent)) {
            KeyValue kv = created("/k", "v");
            assertThat(fromZero.awaitRevision(kv.modRevision())).extracting(WatchEvent::revision).containsExactly(kv.modRevision());
            assertThat(fromCurrent.awaitRevision(kv.modRevision())).extracting(WatchEvent::revision).containsExactly(kv.modRevision());
        }
    }

    @Test
    void deleteEventsCarryTheLastValueAtTheDeletionRevision() {
        KeyValue v1 = created("/d/k", "one");
        KeyValue v2 = ((WriteResult.Ok) store.update("/d/k", bytes("two"), 0)).kv();
        RecordingListener live = new RecordingListener();
        try (Watch w = store.watch("/d/", 0, live)) {
            KeyValue deleted = ((WriteResult.Ok) store.delete("/d/k", 0)).kv();

            WatchEvent event = live.awaitEvents(1).getFirst();

            assertThat(event.type()).isEqualTo(WatchEvent.Type.DELETE);
            assertThat(event.revision()).isEqualTo(v2.modRevision() + 1).isEqualTo(deleted.modRevision());
            assertThat(text(event.kv().value())).isEqualTo("two");
            assertThat(event.kv().createRevision()).isEqualTo(v1.createRevision());
            event.previous().ifPresent(p -> {
                assertThat(text(p.value())).isEqualTo("two");
                assertThat(p.modRevision()).isEqualTo(v2.modRevision());
            });

            RecordingListener replayed = new RecordingListener();
            try (Watch r = store.watch("/d/", v2.modRevision(), replayed)) {
                WatchEvent again = replayed.awaitEvents(1).getFirst();
                assertThat(again.type()).isEqualTo(WatchEvent.Type.DELETE);
                assertThat(again.revision()).isEqualTo(deleted.modRevision());
                assertThat(text(again.kv().value())).isEqualTo("two");
            }
        }
    }

    @Test
    void updateEventsCarryThePreviousValueWhenTheStoreKnowsIt() {
        created("/u/k", "one");
        RecordingListener l = new RecordingListener();
        try (Watch w = store.watch("/u/", 0, l)) {
            store.update("/u/k", bytes("two"), 0);
            WatchEvent e = l.awaitEvents(1).getFirst();
            assertThat(text(e.kv().value())).isEqualTo("two");
            e.previous().ifPresent(p -> assertThat(text(p.value())).isEqualTo("one"));
        }
    }

    @Test
    void closingAWatchCallsOnCloseOnceWithoutCauseAndStopsEvents() {
        RecordingListener l = new RecordingListener();
        Watch w = store.watch("/", 0, l);
        KeyValue first = created("/a", "1");
        l.awaitRevision(first.modRevision());

        w.close();
        w.close();
        KeyValue after = created("/b", "1");
        RecordingListener witness = new RecordingListener();
        try (Watch x = store.watch("/", first.modRevision(), witness)) {
            witness.awaitRevision(after.modRevision());
        }

        assertThat(l.closes()).containsExactly(Optional.empty());
        assertThat(l.events()).extracting(WatchEvent::revision).containsExactly(first.modRevision());
    }

    // --- compaction

    @Test
    void compactionForgetsOldRevisionsButKeepsLatestValues() {
        KeyValue a1 = created("/c/a", "a1");
        store.update("/c/a", bytes("a2"), 0);
        created("/c/b", "b1");
        store.delete("/c/b", 0);
        created("/c/c", "c1");
        long compactAt = store.currentRevision();
        store.update("/c/a", bytes("a3"), 0);
        long last = store.currentRevision();

        store.compact(compactAt);

        assertThat(store.compactedRevision()).isEqualTo(compactAt);
        assertThatThrownBy(() -> store.list("/c/", a1.modRevision(), "", 0)).isInstanceOf(CompactedException.class);
        assertThatThrownBy(() -> store.watch("/c/", a1.modRevision(), new RecordingListener()))
                .isInstanceOf(CompactedException.class);
        ListPage atCompaction = store.list("/c/", compactAt, "", 0);
        assertThat(keys(atCompaction)).containsExactly("/c/a", "/c/c");
        assertThat(text(atCompaction.items().getFirst().value())).isEqualTo("a2");
        ListPage latest = store.list("/c/", 0, "", 0);
        assertThat(keys(latest)).containsExactly("/c/a", "/c/c");
        assertThat(text(latest.items().getFirst().value())).isEqualTo("a3");
        assertThat(store.count("/c/")).isEqualTo(2);
        RecordingListener l = new RecordingListener();
        try (Watch w = store.watch("/c/", compactAt, l)) {
            assertThat(l.awaitRevision(last)).extracting(WatchEvent::revision).containsExactly(last);
        }
        store.compact(compactAt - 1);
        assertThat(store.compactedRevision()).isEqualTo(compactAt);
        assertThat(store.currentRevision()).isEqualTo(last);
    }

    // --- concurrency

    @Test
    void concurrentWritersGetContiguousUniqueRevisionsAndWatchersSeeEveryEventOnceInOrder() throws Exception {
        int writers = 16;
        int perWriter = 200;
        long start = store.currentRevision();
        RecordingListener all = new RecordingListener();
        RecordingListener half = new RecordingListener();
        List<Long> revisions = Collections.synchronizedList(new ArrayList<>());
        try (Watch w1 = store.watch("/", 0, all);
                Watch w2 = store.watch("/load/0", 0, half);
                ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                int writer = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        String key = "/load/" + (writer % 2) + "/" + writer + "-" + i;
                        WriteResult r = i % 3 == 2
                                ? store.update("/load/" + (writer % 2) + "/" + writer + "-" + (i - 1), bytes("u" + i), 0)
                                : store.create(key, bytes("v" + i));
                        revisions.add(((WriteResult.Ok) r).kv().modRevision());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            long end = start + (long) writers * perWriter;
            assertThat(store.currentRevision()).isEqualTo(end);
            assertThat(revisions).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(start + 1, end).boxed().toList());

            KeyValue sentinel = created("/load/0/zz-sentinel", "s");
            List<WatchEvent> events = all.awaitRevision(sentinel.modRevision());
            assertThat(events).extracting(WatchEvent::revision)
                    .containsExactlyElementsOf(LongStream.rangeClosed(start + 1, sentinel.modRevision()).boxed().toList());
            List<WatchEvent> evenWriters = half.awaitRevision(sentinel.modRevision());
            assertThat(evenWriters).hasSize(writers / 2 * perWriter + 1);
            assertThat(evenWriters).extracting(WatchEvent::revision).isSorted().doesNotHaveDuplicates();
            assertThat(evenWriters).allSatisfy(e -> assertThat(e.kv().key()).startsWith("/load/0/"));
        }
    }

    @Test
    void watchesStartedFromThePastDuringWritesSwitchToLiveWithoutGapOrDuplicate() throws Exception {
        // A watch after revision 0 means "from now" in the SPI; a seed write makes every watch below name a real past revision.
        store.create("/seed", bytes("s"));
        long start = store.currentRevision();
        int total = 600;
        List<RecordingListener> listeners = Collections.synchronizedList(new ArrayList<>());
        List<Long> froms = Collections.synchronizedList(new ArrayList<>());
        List<Watch> watches = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < total; i++) {
                    store.create("/g/" + i, bytes("v"));
                }
                return null;
            });
            Future<?> watcher = pool.submit(() -> {
                for (int i = 0; i < 30; i++) {
                    long from = Math.max(start, store.currentRevision() - 5);
                    RecordingListener l = new RecordingListener();
                    watches.add(store.watch("/g/", from, l));
                    listeners.add(l);
                    froms.add(from);
                }
                return null;
            });
            writer.get();
            watcher.get();
        }
        long end = start + total;
        try {
            for (int i = 0; i < listeners.size(); i++) {
                List<WatchEvent> events = listeners.get(i).awaitRevision(end);
                assertThat(events).extracting(WatchEvent::revision)
                        .containsExactlyElementsOf(LongStream.rangeClosed(froms.get(i) + 1, end).boxed().toList());
            }
        } finally {
            watches.forEach(Watch::close);
        }
    }

    // --- lifecycle

    @Test
    void reopeningKeepsValuesAndRevisionsContinue() {
        assumeTrue(persistent(), "store does not persist across close");
        created("/r/a", "1");
        KeyValue b = created("/r/b", "1");
        store.update("/r/a", bytes("2"), 0);
        long before = store.currentRevision();
        store.close();

        store = openStore(dir);

        assertThat(store.currentRevision()).isEqualTo(before);
        assertThat(text(store.get("/r/a").orElseThrow().value())).isEqualTo("2");
        assertThat(store.get("/r/b").orElseThrow().modRevision()).isEqualTo(b.modRevision());
        assertThat(created("/r/c", "1").modRevision()).isEqualTo(before + 1);
    }

    @Test
    void reopeningAfterCompactingAwayTheNewestChangeDoesNotReuseRevisions() {
        assumeTrue(persistent(), "store does not persist across close");
        created("/r/a", "1");
        KeyValue gone = ((WriteResult.Ok) store.delete("/r/a", 0)).kv();
        store.compact(gone.modRevision());
        store.close();

        store = openStore(dir);

        assertThat(store.currentRevision()).isEqualTo(gone.modRevision());
        assertThat(store.compactedRevision()).isEqualTo(gone.modRevision());
        assertThat(created("/r/b", "1").modRevision()).isEqualTo(gone.modRevision() + 1);
    }

    @Test
    void closingTheStoreEndsWatchesAndRejectsCalls() {
        RecordingListener l = new RecordingListener();
        store.watch("/", 0, l);
        created("/k", "v");
        store.close();

        l.awaitClose();
        assertThat(l.closes()).hasSize(1);
        assertThatThrownBy(() -> store.get("/k")).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> store.create("/x", bytes("v"))).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> store.list("/", 0, "", 0)).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> store.watch("/", 0, new RecordingListener())).isInstanceOf(StorageException.class);
        store.close();
    }
}
