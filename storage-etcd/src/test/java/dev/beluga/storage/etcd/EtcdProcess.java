package dev.beluga.storage.etcd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real etcd (Debian's /usr/bin/etcd) for tests: one member on free loopback ports (client and peer) with a
 * data dir of its own. {@link #stop()} and {@link #start()} restart it on the same data dir and ports (fault
 * tests); {@link #close()} stops it and deletes the data dir. Without /usr/bin/etcd, {@link #start(Path)} skips
 * the calling test with a message, or fails when CI=true.
 */
public final class EtcdProcess implements AutoCloseable {
    public static final Path ETCD = Path.of("/usr/bin/etcd");
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Path dir;
    private final int clientPort;
    private final int peerPort;
    private final Optional<Duration> progressNotifyInterval;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private EtcdProcess(Path dir, Optional<Duration> progressNotifyInterval) {
        this.dir = dir;
        this.clientPort = freePort();
        int peer = freePort();
        while (peer == clientPort) {
            peer = freePort();
        }
        this.peerPort = peer;
        this.progressNotifyInterval = progressNotifyInterval;
    }

    /** Starts an etcd keeping its data in {@code dir} (created if needed) and waits until it answers. */
    public static EtcdProcess start(Path dir) {
        return start(dir, Optional.empty());
    }

    /**
     * As {@link #start(Path)}, with etcd's progress notifications every {@code progressNotifyInterval}
     * (etcd's --experimental-watch-progress-notify-interval; its default is 10 minutes).
     */
    public static EtcdProcess start(Path dir, Optional<Duration> progressNotifyInterval) {
        requireEtcd();
        EtcdProcess etcd = new EtcdProcess(dir, progressNotifyInterval);
        etcd.start();
        return etcd;
    }

    /** Skips the calling test when /usr/bin/etcd is missing; with CI=true that is a failure instead. */
    public static void requireEtcd() {
        if (!Files.isExecutable(ETCD)) {
            String why = ETCD + " is missing (Debian package etcd-server): the etcd tests cannot run";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(why + " and CI=true");
            }
            assumeTrue(false, why);
        }
    }

    /** The client URL, e.g. {@code http://127.0.0.1:40123}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + clientPort);
    }

    public EtcdSettings settings(String prefix, Duration requestTimeout) {
        return new EtcdSettings(List.of(endpoint()), prefix, Optional.empty(), requestTimeout);
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** (Re)starts etcd on the same data dir and ports and waits until it answers. */
    public synchronized void start() {
        if (running()) {
            return;
        }
        try {
            Files.createDirectories(dir);
            List<String> command = new ArrayList<>(List.of(
                    ETCD.toString(),
                    "--name", "beluga-test",
                    "--data-dir", dir.resolve("data").toString(),
                    "--listen-client-urls", endpoint().toString(),
                    "--advertise-client-urls", endpoint().toString(),
                    "--listen-peer-urls", peerUrl(),
                    "--initial-advertise-peer-urls", peerUrl(),
                    "--initial-cluster", "beluga-test=" + peerUrl(),
                    "--initial-cluster-state", "new",
                    "--logger", "zap",
                    "--log-level", "warn"));
            progressNotifyInterval.ifPresent(d -> {
                command.add("--experimental-watch-progress-notify-interval");
                command.add(d.toMillis() + "ms");
            });
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("etcd.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + ETCD, e);
        }
        awaitHealthy();
    }

    /** Stops etcd (SIGTERM, then SIGKILL after 20 s) and keeps its data. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops etcd and deletes its data dir. */
    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        HttpRequest health = HttpRequest.newBuilder(endpoint().resolve("/health")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited with " + process.exitValue() + ": " + logTail());
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"health\":\"true\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for etcd", e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for etcd", e);
            }
        }
        stop();
        throw new IllegalStateException("etcd did not become healthy within " + STARTUP.toSeconds() + " s: " + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("etcd.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
