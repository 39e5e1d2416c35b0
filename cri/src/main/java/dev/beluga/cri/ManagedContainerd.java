package dev.beluga.cri;

import dev.beluga.kubelet.runtime.ContainerRuntimeException;
import dev.beluga.kubelet.runtime.RuntimeVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private final Optional<ProcessHandle> process;
    private final Optional<ContainerdSettings> settings;

    private ManagedContainerd(Path socketPath, Optional<ProcessHandle> process, Optional<ContainerdSettings> settings) {
        this.socketPath = socketPath;
        this.process = process;
        this.settings = settings;
    }

    /** An already running CRI runtime at {@code socketPath}; {@link #stop} leaves it alone. */
    public static ManagedContainerd existing(Path socketPath) {
        return new ManagedContainerd(socketPath.toAbsolutePath(), Optional.empty(), Optional.empty());
    }

    /**
     * Writes config.toml and the CNI conflist under the settings' data directory, starts containerd,
     * and returns once its CRI socket answers Version (up to 30 s). A containerd still running on this
     * data directory (its node process was killed, so never stopped it) is adopted instead of started
     * twice: two containerds on one root would fight over its metadata database.
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
        if (!settings.podCidr().isEmpty()) {
            writeCniConfig(settings);
        }
        Optional<ProcessHandle> running = runningOn(settings.configFile());
        if (running.isPresent()) {
            ManagedContainerd adopted = new ManagedContainerd(settings.socketPath(), running, Optional.of(settings));
            RuntimeVersion version = adopted.awaitReady(READY_TIMEOUT);
            LOG.info("adopted containerd {} (pid {}) already serving {}", version.runtimeVersion(), running.get().pid(), settings.socketPath());
            return adopted;
        }
        // A socket left by a containerd that died without cleaning up would make the new one fail to listen.
        Files.deleteIfExists(settings.socketPath());

        ProcessBuilder builder = new ProcessBuilder(CONTAINERD_BINARY.toString(), "--config", settings.configFile().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()));
        ProcessHandle process = builder.start().toHandle();
        ManagedContainerd containerd = new ManagedContainerd(settings.socketPath(), Optional.of(process), Optional.of(settings));
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

    /**
     * Writes the CNI conflist for {@code podCidr}, for a node that learns its podCIDR after its
     * containerd started; containerd's CRI plugin watches the directory and reports NetworkReady
     * once it loads the file (sandboxes created before fail with "cni config uninitialized").
     *
     * @throws IllegalStateException for an {@link #existing} runtime, whose network is configured by whoever runs it
     */
    public void configureNetwork(String podCidr) throws IOException {
        ContainerdSettings mine = settings.orElseThrow(() -> new IllegalStateException(
                "the CRI runtime at " + socketPath + " is not managed by Beluga; its CNI configuration is its own"));
        writeCniConfig(mine.withPodCidr(podCidr));
    }

    private static void writeCniConfig(ContainerdSettings settings) throws IOException {
        Path target = settings.cniConfDir().resolve(CniConfig.FILE_NAME);
        // Written aside and moved into place: containerd must never load a half-written conflist.
        Path temp = settings.cniConfDir().resolve("." + CniConfig.FILE_NAME + ".tmp");
        Files.writeString(temp, CniConfig.render(settings));
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A containerd process whose command line names {@code configFile}: one started on this data directory. */
    static Optional<ProcessHandle> runningOn(Path configFile) {
        String config = configFile.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.equals(CONTAINERD_BINARY.toString())).orElse(false))
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(config)).orElse(false))
                .filter(ProcessHandle::isAlive)
                .findFirst();
    }

    public Path socketPath() {
        return socketPath;
    }

    /** The containerd process this object stops; empty for an {@link #existing} runtime. */
    public Optional<Long> pid() {
        return process.map(ProcessHandle::pid);
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
                throw new IOException("containerd exited; its log ends with:\n" + logTail());
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
        Optional<Path> logFile = settings.map(ContainerdSettings::logFile);
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
     * SIGTERM to the containerd this object started or adopted, then waits for it to exit (SIGKILL after 30 s).
     * Containers keep running in their shims. Does nothing for an {@link #existing} runtime.
     */
    public void stop() {
        if (process.isEmpty()) {
            return;
        }
        ProcessHandle p = process.get();
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            p.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("containerd (pid {}) did not exit within {} s of SIGTERM; killing it", p.pid(), STOP_TIMEOUT.toSeconds());
            p.destroyForcibly();
            try {
                p.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException again) {
                LOG.warn("containerd (pid {}) still running after SIGKILL", p.pid());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        } catch (ExecutionException e) {
            LOG.warn("waiting for containerd (pid {}) to exit failed: {}", p.pid(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
