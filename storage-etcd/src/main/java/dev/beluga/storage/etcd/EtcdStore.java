package dev.beluga.storage.etcd;

import dev.beluga.storage.CompactedException;
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.ListPage;
import dev.beluga.storage.StorageException;
import dev.beluga.storage.Store;
import dev.beluga.storage.Watch;
import dev.beluga.storage.WatchListener;
import dev.beluga.storage.WriteResult;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage SPI on etcd v3, as kube-apiserver's storage/etcd3: a key's modRevision is its
 * resourceVersion, every write is one transaction conditioned on the key's revisions, lists read at a
 * revision in pages, watches start at a revision and carry progress notifications.
 *
 * <ul>
 *   <li>keys: see {@link KeyLayout} (the prefix replaces the leading {@code /registry});</li>
 *   <li>revisions: etcd's; {@link #currentRevision()} is the header revision of a one-key linearizable read;</li>
 *   <li>compaction: etcd's Compact; {@link #compactedRevision()} is learned from etcd itself (see
 *       {@link CompactedRevision}), so every server on one etcd sees every server's compaction without a
 *       bookkeeping key (upstream's {@code compact_rev_key} write would bump the revision, which the SPI forbids
 *       for a compaction and which a watch cache waiting for that revision under its prefix would never see);</li>
 *   <li>failures: no answer within {@link EtcdSettings#requestTimeout()} is a StorageTimeoutException, etcd
 *       unreachable a StorageException; jetcd reconnects by itself, so later calls work once etcd is back. A
 *       watch whose stream breaks ends with the cause (see {@link EtcdWatch}).</li>
 * </ul>
 */
public final class EtcdStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdStore.class);
    // A key no one stores (etcd keys are never empty; the store's own keys start with '/'): reads of it are
    // the cheapest way to get a header revision or to test whether a revision is compacted.
    private static final ByteSequence PROBE_KEY = ByteSequence.from(new byte[] {0});

    private final Client client;
    private final KV kv;
    private final KeyLayout layout;
    private final EtcdCall call;
    private final String description;
    private final CompactedRevision compaction = new CompactedRevision();
    private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private EtcdStore(Client client, EtcdSettings settings) {
        this.client = client;
        this.kv = client.getKVClient();
        this.layout = KeyLayout.of(settings.prefix());
        this.call = new EtcdCall(settings.requestTimeout());
        this.description = settings.endpoints() + " prefix " + settings.prefix();
    }

    /** Connects to etcd and checks that it answers. @throws StorageException when it does not */
    public static EtcdStore connect(EtcdSettings settings) {
        Client client = JetcdClients.open(settings);
        EtcdStore store = new EtcdStore(client, settings);
        try {
            long revision = store.currentRevision();
            long compacted = store.refreshCompaction();
            LOG.debug("etcd {} answers at revision {} (compacted up to {})", store.description, revision, compacted);
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e instanceof StorageException s ? s : new StorageException("etcd " + store.description + " does not answer", e);
        }
    }

    @Override
    public Optional<KeyValue> get(String key) {
        ensureOpen();
        GetResponse r = call.await("get " + key, kv.get(bytes(layout.toEtcd(key))));
        return r.getKvs().isEmpty() ? Optional.empty() : Optional.of(spi(r.getKvs().getFirst()));
    }

    @Override
    public ListPage list(String prefix, long revision, String startAfter, int limit) {
        ensureOpen();
        Optional<KeyLayout.Range> range = layout.range(prefix, startAfter);
        if (range.isEmpty()) {
            GetResponse r = read("list " + prefix, PROBE_KEY, GetOption.builder().withRevision(revision).withCountOnly(true).build(), revision);
            return new ListPage(List.of(), revision != 0 ? revision : r.getHeader().getRevision(), false);
        }
        GetOption option = GetOption.builder()
                .withRange(bytes(range.get().end()))
                .withRevision(revision)
                .withLimit(limit)
                .build();
        GetResponse r = read("list " + prefix, bytes(range.get().from()), option, revision);
        List<KeyValue> items = new ArrayList<>(r.getKvs().size());
        for (io.etcd.jetcd.KeyValue e : r.getKvs()) {
            items.add(spi(e));
        }
        return new ListPage(List.copyOf(items), revision != 0 ? revision : r.getHeader().getRevision(), r.isMore());
    }

    @Override
    public long count(String prefix) {
        ensureOpen();
        KeyLayout.Range range = layout.range(prefix, "").orElseThrow();
        GetOption option = GetOption.builder().withRange(bytes(range.end())).withCountOnly(true).build();
        return call.await("count " + prefix, kv.get(bytes(range.from()), option)).getCount();
    }

    @Override
    public WriteResult create(String key, byte[] value) {
        ensureOpen();
        ByteSequence k = bytes(layout.toEtcd(key));
        TxnResponse r = call.await("create " + key, kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(k, bytes(value), PutOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit());
        if (r.isSucceeded()) {
            long revision = r.getHeader().getRevision();
            return new WriteResult.Ok(new KeyValue(key, value, revision, revision));
        }
        return current(r).<WriteResult>map(WriteResult.AlreadyExists::new)
                // Absent after "present" in one transaction cannot happen; say so rather than guess.
                .orElseThrow(() -> new StorageException("etcd refused to create " + key + " but holds no value for it"));
    }

    @Override
    public WriteResult update(String key, byte[] value, long expectedModRevision) {
        ensureOpen();
        ByteSequence k = bytes(layout.toEtcd(key));
        TxnResponse r = call.await("update " + key, kv.txn()
                .If(condition(k, expectedModRevision))
                .Then(Op.put(k, bytes(value), PutOption.builder().withPrevKV().build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit());
        if (r.isSucceeded()) {
            io.etcd.jetcd.KeyValue prev = r.getPutResponses().getFirst().getPrevKv();
            return new WriteResult.Ok(new KeyValue(key, value, prev.getCreateRevision(), r.getHeader().getRevision()));
        }
        return current(r).<WriteResult>map(WriteResult.Conflict::new).orElseGet(WriteResult.NotFound::new);
    }

    @Override
    public WriteResult delete(String key, long expectedModRevision) {
        ensureOpen();
        ByteSequence k = bytes(layout.toEtcd(key));
        TxnResponse r = call.await("delete " + key, kv.txn()
                .If(condition(k, expectedModRevision))
                .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit());
        if (r.isSucceeded()) {
            io.etcd.jetcd.KeyValue prev = r.getDeleteResponses().getFirst().getPrevKvs().getFirst();
            return new WriteResult.Ok(new KeyValue(key, prev.getValue().getBytes(), prev.getCreateRevision(), r.getHeader().getRevision()));
        }
        return current(r).<WriteResult>map(WriteResult.Conflict::new).orElseGet(WriteResult.NotFound::new);
    }

    /** Revision 0 = "the key exists" (any revision); else its modRevision must match (a missing key's is 0, so it fails). */
    private static Cmp condition(ByteSequence key, long expectedModRevision) {
        return expectedModRevision == 0
                ? new Cmp(key, Cmp.Op.GREATER, CmpTarget.createRevision(0))
                : new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision));
    }

    /** The value the failed transaction's Else branch read, if the key exists. */
    private Optional<KeyValue> current(TxnResponse r) {
        List<io.etcd.jetcd.KeyValue> kvs = r.getGetResponses().getFirst().getKvs();
        return kvs.isEmpty() ? Optional.empty() : Optional.of(spi(kvs.getFirst()));
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        ensureOpen();
        KeyLayout.Range range = layout.range(prefix, "").orElseThrow();
        long after = afterRevision == 0 ? currentRevision() : afterRevision;
        if (afterRevision != 0) {
            ensureNotCompacted(after);
        }
        EtcdWatch watch = new EtcdWatch(layout, range, watchedFor(range), after + 1, listener, compaction, watches::remove);
        watches.add(watch);
        watch.start(client.getWatchClient());
        if (closed.get()) {
            watch.close();
        }
        return watch;
    }

    /**
     * What etcd watches for {@code wanted}: the range itself, except for a watch of everything a prefixed store
     * holds (the watch cache's), which watches all of etcd so that writes elsewhere (another cluster's prefix)
     * reach it as progress. etcd's revision counts those writes too: without that progress, a consumer waiting
     * until its watch reached etcd's current revision (the watch cache's read-your-writes) would wait for a
     * revision that never comes under its prefix.
     */
    private KeyLayout.Range watchedFor(KeyLayout.Range wanted) {
        KeyLayout.Range whole = layout.range("", "").orElseThrow();
        return wanted.sameAs(whole) && !whole.isOpenEnded() ? KeyLayout.Range.everything() : wanted;
    }

    /**
     * A watch after {@code after} needs every change after it, so {@code after} itself must still be readable
     * (etcd would accept a watch from {@code after + 1} when that is exactly the compacted revision, whose
     * deletions are gone). Checked with a read, so a compaction by another server is seen too.
     */
    private void ensureNotCompacted(long after) {
        if (after < compaction.known()) {
            throw new CompactedException(after + 1, compaction.known());
        }
        try {
            read("check revision " + after, PROBE_KEY, GetOption.builder().withRevision(after).withCountOnly(true).build(), after);
        } catch (CompactedException e) {
            throw new CompactedException(after + 1, e.compacted());
        } catch (dev.beluga.storage.FutureRevisionException e) {
            // A watch may start beyond the current revision: it waits for it.
        }
    }

    @Override
    public long currentRevision() {
        ensureOpen();
        return call.await("read the current revision", kv.get(PROBE_KEY, GetOption.builder().withCountOnly(true).build()))
                .getHeader().getRevision();
    }

    @Override
    public long compactedRevision() {
        ensureOpen();
        try {
            return compaction.recent(this::readableAt, this::currentRevision);
        } catch (StorageException e) {
            // What is known stays true (compaction only grows); a read below it still fails at etcd.
            LOG.debug("cannot refresh etcd's compacted revision: {}", e.getMessage());
            return compaction.known();
        }
    }

    @Override
    public void compact(long revision) {
        ensureOpen();
        if (revision <= compaction.known()) {
            return;
        }
        try {
            call.await("compact to " + revision, kv.compact(revision), revision, compaction::known, this::currentRevision);
            compaction.learned(revision);
        } catch (CompactedException e) {
            // Another server compacted at least as far already.
            refreshCompaction();
        }
    }

    /** Ends every watch (onClose without cause) and disconnects; later calls throw StorageException. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (EtcdWatch w : List.copyOf(watches)) {
            w.close();
        }
        client.close();
    }

    @Override
    public String toString() {
        return "etcd " + description;
    }

    private long refreshCompaction() {
        return compaction.refresh(this::readableAt, this::currentRevision);
    }

    private boolean readableAt(long revision) {
        try {
            read("check revision " + revision, PROBE_KEY, GetOption.builder().withRevision(revision).withCountOnly(true).build(), revision);
            return true;
        } catch (CompactedException e) {
            return false;
        }
    }

    private GetResponse read(String what, ByteSequence key, GetOption option, long revision) {
        try {
            return call.await(what, kv.get(key, option), revision, compaction::known, this::currentRevision);
        } catch (CompactedException e) {
            if (e.compacted() >= revision && e.compacted() > 0) {
                throw e;
            }
            // etcd does not say how far it compacted; learn it so the 410 names it (and later calls know it).
            compaction.learned(revision + 1);
            throw new CompactedException(revision, compaction.known());
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new StorageException("the etcd store is closed");
        }
    }

    private KeyValue spi(io.etcd.jetcd.KeyValue e) {
        return new KeyValue(layout.fromEtcd(e.getKey().getBytes()), e.getValue().getBytes(), e.getCreateRevision(), e.getModRevision());
    }

    private static ByteSequence bytes(byte[] b) {
        return ByteSequence.from(b);
    }
}
