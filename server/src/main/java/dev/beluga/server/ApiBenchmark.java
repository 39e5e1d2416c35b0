package dev.beluga.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import dev.beluga.storage.etcd.EtcdSettings;
import dev.beluga.storage.sqlite.RawInsertBenchmark;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The API benchmark. The server runs in this process on loopback with its real TLS, token and
 * SQLite store; clients are JDK HTTP clients on virtual threads. Lag is measured with one clock:
 * each update carries the nanoTime it was sent at, and each watcher subtracts it on receipt.
 */
final class ApiBenchmark {
    private final Path root;
    private final int clients;
    private final Duration duration;
    private final Duration warmUp;
    private final int watchers;
    private final int updatesPerSecond;
    private final PrintStream out;
    private final Optional<EtcdSettings> etcd;
    private final CpuAccount cpu;

    ApiBenchmark(Path root, int clients, Duration duration, int watchers, int updatesPerSecond, PrintStream out) {
        this(root, clients, duration, duration, watchers, updatesPerSecond, out, Optional.empty());
    }

    ApiBenchmark(Path root, int clients, Duration duration, int watchers, int updatesPerSecond, PrintStream out, Optional<EtcdSettings> etcd) {
        this(root, clients, duration, duration, watchers, updatesPerSecond, out, etcd);
    }

    /**
     * On etcd when {@code etcd} is given: the server's state and the raw floor both go there, under throwaway prefixes.
     * {@code warmUp} is how long the unmeasured create and raw phases run before the measured ones.
     */
    ApiBenchmark(Path root, int clients, Duration duration, Duration warmUp, int watchers, int updatesPerSecond, PrintStream out,
            Optional<EtcdSettings> etcd) {
        this.etcd = etcd;
        this.warmUp = warmUp;
        this.cpu = etcd.map(e -> CpuAccount.withEtcd(e.endpoints())).orElseGet(CpuAccount::jvmOnly);
        this.root = root;
        this.clients = clients;
        this.duration = duration;
        this.watchers = watchers;
        this.updatesPerSecond = updatesPerSecond;
        this.out = out;
    }

    void run() throws Exception {
        if (etcd.isPresent()) {
            runOnEtcd(etcd.get());
            return;
        }
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, root.resolve("server"), Duration.ofMinutes(5), 10_000)
                // The API alone: a scheduler would answer every created pod with a status write of its own.
                .withCluster(ClusterSettings.apiOnly());
        double apiRate;
        try (BelugaServer server = BelugaServer.start(settings, Optional.empty(), new PrintWriter(PrintStream.nullOutputStream()))) {
            Client client = Client.of(server);
            out.printf("beluga bench api: %d clients (one keep-alive HTTPS/1.1 connection each), %s per phase, server %s (TLS, bearer token, SQLite with synchronous=FULL)%n",
                    clients, duration, server.url());
            apiRate = creates(client);
            fanOut(client);
        }
        out.println("raw SQLite on the same disk (WAL, synchronous=FULL, " + clients + " writers):");
        RawInsertBenchmark.Result raw = RawInsertBenchmark.run(root.resolve("raw"), clients, duration);
        out.printf("  one transaction per insert: %,.0f inserts/s%n", raw.singleTxnPerSec());
        out.printf("  batched (group commit):     %,.0f inserts/s%n", raw.batchedPerSec());
        out.printf("  SqliteStore.create (SPI):   %,.0f creates/s%n", raw.storePerSec());
        out.printf("ratio API creates / raw batched inserts: %.2f (target >= 0.25); API creates / one-txn-per-insert: %.2f%n",
                apiRate / raw.batchedPerSec(), apiRate / raw.singleTxnPerSec());
    }

    /**
     * The same phases with the server's state in etcd, then the raw etcd floor: put-if-absent
     * transactions with as many in flight as there were clients, values the size of a stored pod, on
     * the same etcd in the same run. Everything lives under a throwaway prefix, deleted at the end, so a
     * cluster's own keys on that etcd are never touched; then etcd is compacted to that deletion.
     */
    private void runOnEtcd(EtcdSettings given) throws Exception {
        String scratch = "/beluga-bench-" + java.util.HexFormat.of().formatHex(java.security.SecureRandom.getSeed(6));
        long startRevision = EtcdPutIfAbsentBenchmark.currentRevision(given);
        // Siblings under one scratch root: the server's range (its etcd root, "<scratch>/api") holds none of the raw keys.
        EtcdSettings serverStore = new EtcdSettings(given.endpoints(), scratch + "/api/registry", given.tls(), given.requestTimeout());
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, root.resolve("server"), Duration.ofMinutes(5), 10_000)
                .withCluster(ClusterSettings.apiOnly()).withDatastore(new Datastore.Etcd(serverStore));
        try {
            // The floor before and after the API phase, on a machine where etcd's fsyncs compete with other work:
            // the ratio is taken against their mean, and both are printed so a drift shows.
            int podBytes = 1000;
            out.printf("raw etcd put-if-absent on the same etcd (jetcd Txn: createRevision == 0 -> put, %d in flight), before the API phase:%n", clients);
            // The same warm-up as the API phase gets, so jetcd's path is compiled too before it is measured.
            EtcdPutIfAbsentBenchmark.Result warm = EtcdPutIfAbsentBenchmark.run(given, scratch + "/raw0", clients, warmUp, podBytes);
            out.printf("  warm-up (not measured): %,d transactions in %s%n", warm.transactions(), warmUp);
            EtcdPutIfAbsentBenchmark.Result before = measuredRaw(given, scratch + "/raw1", podBytes);
            double apiRate;
            try (BelugaServer server = BelugaServer.start(settings, Optional.empty(), new PrintWriter(PrintStream.nullOutputStream()))) {
                Client client = Client.of(server);
                out.printf("beluga bench api: %d clients (one keep-alive HTTPS/1.1 connection each), %s per phase, server %s (TLS, bearer token, etcd %s)%n",
                        clients, duration, server.url(), given.endpoints());
                apiRate = creates(client);
                podBytes = client.send("GET", "/api/v1/namespaces/bench/pods/p1", null).body().length();
                fanOut(client);
            }
            out.printf("raw etcd put-if-absent after the API phase (%d-byte values, the size of a stored pod):%n", podBytes);
            EtcdPutIfAbsentBenchmark.Result after = measuredRaw(given, scratch + "/raw2", podBytes);
            double floor = (before.perSecond() + after.perSecond()) / 2;
            out.printf("ratio API creates / raw etcd put-if-absent: %.2f (aim >= 0.7; against the mean of before and after, %,.0f/s)%n", apiRate / floor, floor);
        } finally {
            long deleted = EtcdPutIfAbsentBenchmark.deletePrefix(given, scratch + "/");
            compactAfterRun(given, startRevision, deleted);
        }
    }

    /** One measured phase of the raw floor under {@code prefix}, printed with its CPU per transaction. */
    private EtcdPutIfAbsentBenchmark.Result measuredRaw(EtcdSettings given, String prefix, int podBytes) throws Exception {
        CpuAccount.Reading cpuAtStart = cpu.read();
        EtcdPutIfAbsentBenchmark.Result r = EtcdPutIfAbsentBenchmark.run(given, prefix, clients, duration, podBytes);
        out.printf("  %,d transactions in %.1f s = %,.0f put-if-absent/s; failures %d; CPU per transaction: %s%n", r.transactions(), r.seconds(), r.perSecond(),
                r.failures(), CpuAccount.between(cpuAtStart, cpu.read(), r.transactions()).describe());
        return r;
    }

    /**
     * Compacts etcd to the revision that deleted the run's keys. The run wrote a few hundred thousand
     * revisions, and etcd keeps every one until compacted: etcd 3.4 with that much history of deleted keys
     * fell from thousands to a few hundred transactions/s, so the next run (or the cluster on that etcd)
     * would measure the history, not the API. A beluga server on that etcd compacts too, every interval,
     * so this is what the cluster does anyway.
     */
    private void compactAfterRun(EtcdSettings given, long startRevision, long deleted) throws Exception {
        EtcdPutIfAbsentBenchmark.Compaction compaction = EtcdPutIfAbsentBenchmark.compact(given, deleted);
        String what = switch (compaction) {
            case EtcdPutIfAbsentBenchmark.Compaction.Done done -> "compacted etcd to revision " + done.revision() + ", the deletion of the benchmark's keys";
            case EtcdPutIfAbsentBenchmark.Compaction.AlreadyCompacted already -> "etcd was already compacted to revision " + already.revision() + " or beyond";
        };
        out.printf("%s: the run wrote %,d revisions, and etcd slows down with uncompacted history (a beluga server on this etcd compacts "
                        + "every interval too); watches older than revision %d get 410 Expired and relist, as upstream%n",
                what, deleted - startRevision, deleted);
    }

    /**
     * Phase 1: pods created per second over HTTPS by concurrent clients, after as long a warm-up of the
     * same creates (not measured): the JIT compiles the request path only after it has run many times, so
     * a slow store would otherwise also be measured on colder code than a fast one.
     */
    private double creates(Client client) throws Exception {
        client.send("POST", "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"bench\"}}");
        warmUp(client);
        CreateRun warm = createPods(client, "w", warmUp);
        out.printf("warm-up (not measured): %,d pods created in %s%n", warm.latencies().length, warmUp);
        CpuAccount.Reading cpuAtStart = cpu.read();
        CreateRun run = createPods(client, "p", duration);
        CpuAccount.PerOperation cpuPerCreate = CpuAccount.between(cpuAtStart, cpu.read(), run.latencies().length);
        long[] all = run.latencies();
        double rate = (all.length - run.failures()) / run.seconds();
        out.printf("pods created over HTTPS: %,d in %.1f s = %,.0f creates/s (target >= 5,000); latency p50 %.1f ms, p99 %.1f ms; failures %d%n",
                all.length, run.seconds(), rate, percentile(all, 50) / 1e6, percentile(all, 99) / 1e6, run.failures());
        // The clients run in this JVM too: their HTTPS and JSON are part of the JVM's share.
        out.printf("  CPU per create: %s (this JVM holds the server and the HTTPS clients; %d cores)%n",
                cpuPerCreate.describe(), Runtime.getRuntime().availableProcessors());
        return rate;
    }

    /** One run of creating clients: every request's latency (sorted), the non-201 answers, and how long it took. */
    private record CreateRun(long[] latencies, int failures, double seconds) {}

    private CreateRun createPods(Client client, String namePrefix, Duration length) throws Exception {
        ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger sequence = new AtomicInteger();
        long end = System.nanoTime() + length.toNanos();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    try (KeepAliveConnection connection = client.connect()) {
                        while (System.nanoTime() < end) {
                            int n = sequence.incrementAndGet();
                            long t0 = System.nanoTime();
                            int code = connection.send("POST", "/api/v1/namespaces/bench/pods", pod(namePrefix + n).getBytes(StandardCharsets.UTF_8)).status();
                            mine.add(System.nanoTime() - t0);
                            if (code != 201) failures.incrementAndGet();
                        }
                    } finally {
                        latencies.add(mine.stream().mapToLong(Long::longValue).toArray());
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new CreateRun(latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray(), failures.get(), seconds);
    }

    private void warmUp(Client client) throws Exception {
        for (int i = 0; i < 200; i++) client.send("POST", "/api/v1/namespaces/bench/configmaps",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"warm" + i + "\"}}");
    }

    /** Phase 4: W watchers on one namespace while U updates/s change one object; lag = receipt − send on one clock. */
    private void fanOut(Client client) throws Exception {
        client.send("POST", "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"fanout\"}}");
        client.send("POST", "/api/v1/namespaces/fanout/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"tick\"}}");
        String rv = Json.MAPPER.readTree(client.send("GET", "/api/v1/namespaces/fanout/configmaps", null).body())
                .path("metadata").path("resourceVersion").asText();
        ConcurrentLinkedQueue<long[]> lags = new ConcurrentLinkedQueue<>();
        AtomicLong delivered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>("");
        CountDownLatch connected = new CountDownLatch(watchers);
        // Watches outlive the phase by far: connecting 1,000 TLS watchers takes seconds on 2 cores, and a watch the
        // server ended by its timeout before the last update would count as missed deliveries. The bench closes them.
        long watchSeconds = duration.toSeconds() + 300;
        List<KeepAliveConnection> streams = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < watchers; w++) {
                pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    try (KeepAliveConnection connection = client.connect()) {
                        InputStream body = connection.stream("/api/v1/namespaces/fanout/configmaps?watch=true&resourceVersion=" + rv
                                + "&timeoutSeconds=" + watchSeconds);
                        synchronized (streams) {
                            streams.add(connection);
                        }
                        connected.countDown();
                        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = lines.readLine()) != null) {
                                long now = System.nanoTime();
                                long sent = sentAt(line);
                                if (sent > 0) {
                                    mine.add(now - sent);
                                    delivered.incrementAndGet();
                                }
                            }
                        }
                    } catch (IOException e) {
                        connected.countDown();
                        // Our own close at the end of the phase ends streams too; only failures before it count.
                        if (!stopping.get()) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet("", e.toString());
                        }
                    } finally {
                        lags.add(mine.stream().mapToLong(Long::longValue).toArray());
                    }
                    return null;
                });
            }
            boolean all = connected.await(60, TimeUnit.SECONDS);
            Thread.sleep(500);
            long interval = 1_000_000_000L / Math.max(1, updatesPerSecond);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            int updates = 0;
            java.util.concurrent.ConcurrentMap<String, AtomicLong> updateFailures = new java.util.concurrent.ConcurrentHashMap<>();
            // Updates leave on schedule, each on its own virtual thread, so a slow reply never lowers the rate.
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (long next = start; next < end; next += interval) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    int n = updates++;
                    senders.submit(() -> {
                        String outcome;
                        try {
                            int code = client.send("PATCH", "/api/v1/namespaces/fanout/configmaps/tick",
                                    "{\"data\":{\"n\":\"" + n + "\",\"sent\":\"" + System.nanoTime() + "\"}}", "application/merge-patch+json").statusCode();
                            outcome = code < 300 ? "" : "HTTP " + code;
                        } catch (IOException | InterruptedException e) {
                            outcome = e.getClass().getSimpleName();
                        }
                        if (!outcome.isEmpty()) updateFailures.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
                    });
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long failedUpdates = updateFailures.values().stream().mapToLong(AtomicLong::get).sum();
            // A failed update is no event: only the written ones can be delivered.
            long expected = (updates - failedUpdates) * watchers;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (delivered.get() < expected && System.nanoTime() < deadline) Thread.sleep(50);
            stopping.set(true);
            synchronized (streams) {
                for (KeepAliveConnection s : streams) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // Ending the watch from our side.
                    }
                }
            }
            pool.shutdownNow();
            pool.awaitTermination(15, TimeUnit.SECONDS);
            long[] sorted = lags.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            out.printf("watch fan-out: %d watchers%s, %d updates at %.0f/s: %,d of %,d deliveries; lag p50 %.1f ms, p99 %.1f ms (target p99 <= 100 ms)%n",
                    watchers, all ? "" : " (not all connected)", updates, updates / seconds, sorted.length, expected,
                    percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6);
            final int sentUpdates = updates;
            long complete = lags.stream().filter(l -> l.length >= sentUpdates - failedUpdates).count();
            long none = lags.stream().filter(l -> l.length == 0).count();
            if (complete < watchers) {
                out.printf("  watchers with every update: %,d; with none: %,d; with some: %,d%n", complete, none, lags.size() - complete - none);
            }
            if (failedUpdates > 0) out.printf("  %,d of %,d updates failed: %s%n", failedUpdates, updates, new java.util.TreeMap<>(updateFailures));
            if (failed.get() > 0) out.printf("  %,d watchers failed before the end (first: %s)%n", failed.get(), firstFailure.get());
        }
    }

    /** The send time an update carried, found without parsing the event: 1,000 watchers share the same two cores. */
    private static long sentAt(String line) {
        int at = line.indexOf("\"sent\":\"");
        if (at < 0) return -1;
        int from = at + 8;
        int to = line.indexOf('"', from);
        return to < 0 ? -1 : Long.parseLong(line, from, to, 10);
    }

    private static String pod(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"bench\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox:1.35\",\"command\":[\"sleep\",\"3600\"],"
                + "\"resources\":{\"requests\":{\"cpu\":\"10m\",\"memory\":\"16Mi\"}}}]}}";
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** An HTTPS client that trusts the cluster CA and sends the admin token, read from the kubeconfig the server wrote. */
    private record Client(HttpClient http, SSLContext ssl, URI base, String token) {
        static Client of(BelugaServer server) throws Exception {
            JsonNode kubeconfig = Json.YAML.readTree(Files.readAllBytes(server.kubeconfig()));
            byte[] ca = Base64.getDecoder().decode(kubeconfig.path("clusters").get(0).path("cluster").path("certificate-authority-data").asText());
            String token = kubeconfig.path("users").get(0).path("user").path("token").asText();
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("beluga-ca", CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(ca)));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            return new Client(http, ssl, server.url(), token);
        }

        KeepAliveConnection connect() throws IOException {
            return new KeepAliveConnection(ssl, base, token);
        }

        HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
            return send(method, path, body, "application/json");
        }

        HttpResponse<String> send(String method, String path, String body, String contentType) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

}
