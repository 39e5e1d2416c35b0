package dev.beluga.server;

import dev.beluga.storage.etcd.EtcdSettings;
import dev.beluga.storage.etcd.EtcdTls;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * The floor under the API's creates on etcd: what the store itself does per create, a transaction
 * "if the key's createRevision is 0 then put", with {@code inFlight} of them outstanding at once, over
 * one jetcd client, as the API server's store has one. Nothing of Beluga is in the path.
 */
final class EtcdPutIfAbsentBenchmark {
    record Result(long transactions, long failures, double seconds) {
        double perSecond() {
            return transactions / seconds;
        }
    }

    private EtcdPutIfAbsentBenchmark() {}

    /** Runs for {@code duration} with values of {@code valueBytes} under {@code keyPrefix}, which it leaves behind. */
    static Result run(EtcdSettings settings, String keyPrefix, int inFlight, Duration duration, int valueBytes) throws Exception {
        byte[] filler = new byte[valueBytes];
        Arrays.fill(filler, (byte) 'x');
        ByteSequence value = ByteSequence.from(filler);
        AtomicLong sequence = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        try (Client client = client(settings)) {
            // One transaction first, so connecting is not measured.
            client.getKVClient().get(bytes(keyPrefix)).get(30, TimeUnit.SECONDS);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < inFlight; i++) {
                    pool.submit(() -> {
                        while (System.nanoTime() < end) {
                            ByteSequence key = bytes(keyPrefix + "/" + sequence.incrementAndGet());
                            try {
                                boolean created = client.getKVClient().txn()
                                        .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                                        .Then(Op.put(key, value, PutOption.DEFAULT))
                                        .commit().get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS).isSucceeded();
                                if (created) done.incrementAndGet(); else failures.incrementAndGet();
                            } catch (Exception e) {
                                failures.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
            }
            return new Result(done.get(), failures.get(), (System.nanoTime() - start) / 1e9);
        }
    }

    /** etcd's current revision (the header of a one-key read). */
    static long currentRevision(EtcdSettings settings) throws Exception {
        try (Client client = client(settings)) {
            return client.getKVClient().get(bytes("/")).get(30, TimeUnit.SECONDS).getHeader().getRevision();
        }
    }

    /** Removes every key under {@code prefix} (the benchmark's own throwaway prefixes); answers the deletion's revision. */
    static long deletePrefix(EtcdSettings settings, String prefix) throws Exception {
        try (Client client = client(settings)) {
            ByteSequence key = bytes(prefix);
            return client.getKVClient().delete(key, DeleteOption.builder().isPrefix(true).build()).get(60, TimeUnit.SECONDS)
                    .getHeader().getRevision();
        }
    }

    /** What compacting etcd to a revision did. */
    sealed interface Compaction {
        /** etcd compacted its history up to {@code revision}. */
        record Done(long revision) implements Compaction {}

        /** etcd had already compacted at least that far (a server on it compacted meanwhile): nothing to do. */
        record AlreadyCompacted(long revision) implements Compaction {}
    }

    /** Compacts etcd's whole history up to {@code revision}, as etcdctl compact does (not physical: etcd frees the space in the background). */
    static Compaction compact(EtcdSettings settings, long revision) throws Exception {
        try (Client client = client(settings)) {
            client.getKVClient().compact(revision).get(60, TimeUnit.SECONDS);
            return new Compaction.Done(revision);
        } catch (java.util.concurrent.ExecutionException e) {
            // etcd's ErrCompacted: another compaction (a server's Compactor) went at least as far.
            if (String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage()).contains("required revision has been compacted")) {
                return new Compaction.AlreadyCompacted(revision);
            }
            throw e;
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static Client client(EtcdSettings settings) throws SSLException {
        ClientBuilder builder = Client.builder().endpoints(settings.endpoints().toArray(java.net.URI[]::new));
        if (settings.tls().isPresent()) {
            EtcdTls tls = settings.tls().get();
            builder.sslContext(ssl -> {
                ssl.trustManager(tls.caFile().toFile());
                if (tls.certFile().isPresent()) ssl.keyManager(tls.certFile().get().toFile(), tls.keyFile().orElseThrow().toFile());
            });
        }
        return builder.build();
    }
}
