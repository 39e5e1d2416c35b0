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
    private final Optional<ServerTls> tls;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private boolean frozen;

    /**
     * etcd serving https with {@code certFile}/{@code keyFile} and requiring client certificates signed by
     * {@code caFile} (etcd's --client-cert-auth, as kube-apiserver's etcd usually runs).
     */
    public record ServerTls(Path caFile, Path certFile, Path keyFile) {}

    private EtcdProcess(Path dir, Optional<Duration> progressNotifyInterval, Optional<ServerTls> tls) {
        this.dir = dir;
        this.tls = tls;
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
        return startOnFreePorts(dir, progressNotifyInterval, Optional.empty());
    }

    /** As {@link #start(Path)}, serving https only, to clients with a certificate (see {@link ServerTls}). */
    public static EtcdProcess startWithTls(Path dir, ServerTls tls) {
        requireEtcd();
        return startOnFreePorts(dir, Optional.empty(), Optional.of(tls));
    }

    /**
     * A new etcd on ports found free. They are free when picked, not reserved: another process may bind
     * one before etcd does (etcd then exits with "address already in use"), so that case starts over on
     * other ports, with a fresh data dir and log.
     */
    private static EtcdProcess startOnFreePorts(Path dir, Optional<Duration> progressNotifyInterval, Optional<ServerTls> tls) {
        for (int attempt = 1; ; attempt++) {
            EtcdProcess etcd = new EtcdProcess(dir, progressNotifyInterval, tls);
            try {
                etcd.start();
                return etcd;
            } catch (IllegalStateException e) {
                boolean portTaken = etcd.logTail().contains("address already in use");
                if (!portTaken || attempt == 3) {
                    throw e;
                }
                System.err.println("etcd lost a port it was given (" + e.getMessage().lines().findFirst().orElse("") + "); starting over on others");
                etcd.close();
            }
        }
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
        return URI.create((tls.isPresent() ? "https" : "http") + "://127.0.0.1:" + clientPort);
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
            tls.ifPresent(t -> command.addAll(List.of(
                    "--cert-file", t.certFile().toString(),
                    "--key-file", t.keyFile().toString(),
                    "--trusted-ca-file", t.caFile().toString(),
                    "--client-cert-auth")));
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
        if (frozen) {
            // A frozen etcd would not act on SIGTERM until continued.
            thaw();
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

    /** Kills etcd (SIGKILL), as a crash or a power cut of its machine would end it, and keeps its data. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        frozen = false;
    }

    /** Freezes etcd (SIGSTOP): connections stay open and nothing answers, as a hung or overloaded etcd. */
    public synchronized void freeze() {
        signal("-STOP");
        frozen = true;
        awaitEveryThreadStopped();
    }

    /**
     * kill(2) returns once SIGSTOP is queued; each of etcd's threads stops when it next runs. On a busy machine one
     * could still answer a request sent right after (CI saw a read succeed "while frozen"), so wait until
     * /proc shows every thread stopped.
     */
    private void awaitEveryThreadStopped() {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> threads = Files.list(tasks)) {
                if (threads.allMatch(EtcdProcess::stopped)) return;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + tasks, e);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for etcd to stop", e);
            }
        }
        throw new IllegalStateException("etcd (pid " + process.pid() + ") did not stop within 10 s of SIGSTOP");
    }

    /** A thread's state from /proc/PID/task/TID/stat: the field after the parenthesised name; T is stopped. */
    private static boolean stopped(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'T';
        } catch (IOException e) {
            // A thread that ended meanwhile runs no more.
            return true;
        }
    }

    /** Lets a frozen etcd go on (SIGCONT). */
    public synchronized void thaw() {
        signal("-CONT");
        frozen = false;
    }

    private void signal(String signal) {
        if (!running()) {
            throw new IllegalStateException("etcd is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted signalling etcd", e);
        }
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
        if (tls.isPresent()) {
            awaitListening();
            return;
        }
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

    /** Over https, /health needs a client certificate: a listening client port (etcd opens it once ready) is enough. */
    private void awaitListening() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited with " + process.exitValue() + ": " + logTail());
            }
            try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), clientPort)) {
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for etcd", interrupted);
                }
            }
        }
        stop();
        throw new IllegalStateException("etcd did not listen within " + STARTUP.toSeconds() + " s: " + logTail());
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
