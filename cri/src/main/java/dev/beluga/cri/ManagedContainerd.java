package dev.beluga.cri;

import dev.beluga.kubelet.runtime.ContainerRuntimeException;
import dev.beluga.kubelet.runtime.RuntimeVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A containerd the node talks CRI to: either one this class started from /usr/bin/containerd with
 * a generated config under a data directory ({@link #start}), or an existing CRI socket
 * ({@link #existing}, for --container-runtime-endpoint), which it neither starts nor stops.
 *
 * <p>Stopping a started containerd sends SIGTERM and waits; the runc shims it spawned are not its
 * children once started, so running pods keep running and a containerd started again on the same
 * data directory finds them.
 */
public final class ManagedContainerd implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedContainerd.class);
    public static final Path CONTAINERD_BINARY = Path.of("/usr/bin/containerd");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path socketPath;
    private final Optional<Process> process;
    private final Optional<Path> logFile;

    private ManagedContainerd(Path socketPath, Optional<Process> process, Optional<Path> logFile) {
        this.socketPath = socketPath;
        this.process = process;
        this.logFile = logFile;
    }

    /** An already running CRI runtime at {@code socketPath}; {@link #stop} leaves it alone. */
    public static ManagedContainerd existing(Path socketPath) {
        return new ManagedContainerd(socketPath.toAbsolutePath(), Optional.empty(), Optional.empty());
    }

    /**
     * Writes config.toml and the CNI conflist under the settings' data directory, starts containerd,
     * and returns once its CRI socket answers Version (up to 30 s).
     *
     * @throws IOException when containerd is missing, exits, or does not answer in time (the message has its log's tail)
     */
    public static ManagedContainerd start(ContainerdSettings settings) throws IOException {
        if (!Files.isExecutable(CONTAINERD_BINARY)) {
            throw new IOException(CONTAINERD_BINARY + " is not installed (Debian package containerd)");
        }
        Files.createDirectories(settings.dataDir());
        Files.createDirectories(settings.rootDir());
        Files.createDirectories(settings.stateDir());
        Files.createDirectories(settings.cniConfDir());
        Files.createDirectories(settings.cniIpamDir());
        Files.writeString(settings.configFile(), ContainerdConfig.render(settings));
        Files.writeString(settings.cniConfDir().resolve(CniConfig.FILE_NAME), CniConfig.render(settings));
        // A socket left by a containerd that died without cleaning up would make the new one fail to listen.
        Files.deleteIfExists(settings.socketPath());

        ProcessBuilder builder = new ProcessBuilder(CONTAINERD_BINARY.toString(), "--config", settings.configFile().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()));
        Process process = builder.start();
        ManagedContainerd containerd = new ManagedContainerd(settings.socketPath(), Optional.of(process), Optional.of(settings.logFile()));
        try {
            RuntimeVersion version = containerd.awaitReady(READY_TIMEOUT);
            LOG.info("containerd {} (pid {}) serving CRI {} on {}", version.runtimeVersion(), process.pid(),
                    version.runtimeApiVersion(), settings.socketPath());
            return containerd;
        } catch (IOException | RuntimeException e) {
            containerd.stop();
            throw e;
        }
    }

    public Path socketPath() {
        return socketPath;
    }

    /** Whether this object started the containerd (and so stops it). */
    public boolean managed() {
        return process.isPresent();
    }

    /** A CRI client for this containerd; the caller closes it. */
    public CriRuntime connect() {
        return CriRuntime.connect(socketPath);
    }

    private RuntimeVersion awaitReady(Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        Optional<RuntimeException> last = Optional.empty();
        while (Instant.now().isBefore(deadline)) {
            if (process.isPresent() && !process.get().isAlive()) {
                throw new IOException("containerd exited with code " + process.get().exitValue() + "; its log ends with:\n" + logTail());
            }
            if (Files.exists(socketPath)) {
                try (CriRuntime cri = CriRuntime.connect(socketPath)) {
                    return cri.version();
                } catch (ContainerRuntimeException e) {
                    last = Optional.of(e);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for containerd", e);
            }
        }
        throw new IOException("containerd did not answer on " + socketPath + " within " + timeout.toSeconds() + " s"
                + last.map(e -> " (" + e.getMessage() + ")").orElse("") + "; its log ends with:\n" + logTail());
    }

    /** The last lines of containerd's log, for error messages. */
    public String logTail() {
        if (logFile.isEmpty() || !Files.exists(logFile.get())) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(logFile.get(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * SIGTERM to a containerd this object started, then waits for it to exit (SIGKILL after 30 s).
     * Containers keep running in their shims. Does nothing for an {@link #existing} runtime.
     */
    public void stop() {
        if (process.isEmpty()) {
            return;
        }
        Process p = process.get();
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("containerd (pid {}) did not exit within {} s of SIGTERM; killing it", p.pid(), STOP_TIMEOUT.toSeconds());
                p.destroyForcibly();
                p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
