package dev.beluga.cri.images;

import dev.beluga.cri.CriRuntime;
import dev.beluga.kubelet.runtime.ContainerRuntimeException;
import dev.beluga.kubelet.runtime.ImageInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Imports image archives into containerd's {@code k8s.io} namespace, where its CRI plugin (and so the
 * kubelet) finds them, and lists the images there. It runs {@code ctr}, which ships with the
 * containerd package: containerd's archive importer unpacks the layers into the snapshotter as a
 * pull would, which the CRI API itself cannot do without a registry. Listing goes through CRI.
 */
public final class ImageImporter {
    /** The containerd namespace of the CRI plugin. */
    public static final String CRI_NAMESPACE = "k8s.io";
    public static final Path CTR = Path.of("/usr/bin/ctr");
    private static final long CTR_TIMEOUT_SECONDS = 300;

    private final Path socket;
    private final Path ctr;

    public ImageImporter(Path socket) {
        this(socket, CTR);
    }

    public ImageImporter(Path socket, Path ctr) {
        this.socket = socket.toAbsolutePath();
        this.ctr = ctr;
    }

    public Path socket() {
        return socket;
    }

    /** Imports every image of {@code archive} (all platforms, so nothing in it is dropped) and unpacks it. */
    public ImportOutcome importArchive(Path archive) {
        Path file = archive.toAbsolutePath();
        List<String> names;
        switch (ArchiveInspector.inspect(file)) {
            case ArchiveContents.NotAnImageArchive not -> {
                return new ImportOutcome.Failed(file, not.reason());
            }
            case ArchiveContents.OciLayout oci -> names = oci.names();
            case ArchiveContents.DockerArchive docker -> names = docker.names();
        }
        if (names.isEmpty()) {
            // ctr would name such images import-<date>@sha256:..., which no pod can refer to.
            return new ImportOutcome.Failed(file, file + " names no image (no io.containerd.image.name or "
                    + "org.opencontainers.image.ref.name annotation, no RepoTags)");
        }
        Optional<String> unavailable = unavailable();
        if (unavailable.isPresent()) {
            return new ImportOutcome.Failed(file, unavailable.get());
        }
        return switch (ctr("images", "import", "--all-platforms", file.toString())) {
            case CtrResult.Done done -> new ImportOutcome.Imported(file, names);
            case CtrResult.Error error -> new ImportOutcome.Failed(file, "cannot import " + file + ": " + error.message());
        };
    }

    /**
     * The images the CRI plugin serves (CRI ListImages), as the kubelet and crictl see them. An
     * import shows here a moment after ctr returns: the plugin learns of it from containerd's events.
     */
    public ListOutcome list() {
        Optional<String> unavailable = unavailable();
        if (unavailable.isPresent()) {
            return new ListOutcome.Failed(unavailable.get());
        }
        try (CriRuntime cri = CriRuntime.connect(socket)) {
            return new ListOutcome.Listed(cri.listImages());
        } catch (ContainerRuntimeException e) {
            return new ListOutcome.Failed("cannot list images on " + socket + ": " + e.getMessage());
        }
    }

    /**
     * Waits (polling up to {@code timeout}) until CRI lists every name, so that a sandbox or
     * container created next finds its image instead of trying to pull it; returns the names still
     * missing when time ran out (empty when all are there).
     */
    public List<String> awaitListed(List<String> names, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<String> missing = List.copyOf(names);
        while (true) {
            if (list() instanceof ListOutcome.Listed listed) {
                Set<String> tags = listed.images().stream().flatMap(i -> i.repoTags().stream()).collect(Collectors.toSet());
                missing = names.stream().filter(n -> !tags.contains(n)).toList();
                if (missing.isEmpty()) {
                    return missing;
                }
            }
            if (!Instant.now().isBefore(deadline)) {
                return missing;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return missing;
            }
        }
    }

    /** The result of listing images. */
    public sealed interface ListOutcome {
        record Listed(List<ImageInfo> images) implements ListOutcome {
            public Listed {
                images = List.copyOf(images);
            }
        }

        record Failed(String reason) implements ListOutcome {}
    }

    private sealed interface CtrResult {
        record Done(String output) implements CtrResult {}

        record Error(String message) implements CtrResult {}
    }

    /** Why ctr cannot reach containerd at all, in the user's terms. */
    private Optional<String> unavailable() {
        if (!Files.exists(socket)) {
            return Optional.of("containerd socket " + socket + " not found: is beluga server running?");
        }
        if (!Files.isExecutable(ctr)) {
            return Optional.of(ctr + " is missing: install the Debian package containerd");
        }
        return Optional.empty();
    }

    private CtrResult ctr(String... args) {
        Optional<String> unavailable = unavailable();
        if (unavailable.isPresent()) {
            return new CtrResult.Error(unavailable.get());
        }
        List<String> command = new ArrayList<>(List.of(ctr.toString(), "--address", socket.toString(),
                "--namespace", CRI_NAMESPACE));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "(output unreadable: " + e.getMessage() + ")";
                }
            });
            if (!process.waitFor(CTR_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new CtrResult.Error(String.join(" ", command) + " did not finish in "
                        + CTR_TIMEOUT_SECONDS + " s");
            }
            String text = output.join();
            if (process.exitValue() != 0) {
                return new CtrResult.Error(lastLine(text) + " (ctr exited " + process.exitValue() + ")");
            }
            return new CtrResult.Done(text);
        } catch (IOException e) {
            return new CtrResult.Error("cannot run " + ctr + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CtrResult.Error("interrupted while running ctr");
        }
    }

    /** ctr prints progress first and its error last ("ctr: ..."). */
    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "no output" : lines.getLast().strip();
    }
}
