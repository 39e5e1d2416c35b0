package dev.beluga.server;

import dev.beluga.cri.images.ImageImporter;
import dev.beluga.cri.images.ImportOutcome;
import dev.beluga.kubelet.runtime.ImageInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `beluga images`: side-loads image archives into the containerd of a running `beluga server` and
 * lists the images its kubelet can run, for machines that reach no registry.
 */
@Command(
        name = "images",
        mixinStandardHelpOptions = true,
        versionProvider = BelugaVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Import image archives into the node's containerd and list the images pods can use.",
            "",
            "Archives placed in <data-dir>/images/ are imported each time the server starts."
        },
        commandListHeading = "%nCommands:%n",
        subcommands = {ImagesCommand.Import.class, ImagesCommand.ListImages.class})
final class ImagesCommand implements Runnable {
    /** How long an import waits for the CRI plugin to list what ctr imported. */
    static final Duration LISTED_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: import or list");
    }

    /** Where the server's containerd listens: under the data directory, or the endpoint given. */
    static final class Endpoint {
        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Data directory of the server (default: /var/lib/beluga as root, ~/.beluga otherwise).")
        Optional<Path> dataDir = Optional.empty();

        @Option(names = "--container-runtime-endpoint", paramLabel = "ENDPOINT",
                description = "The containerd socket to use instead of the server's own, e.g. unix:///run/containerd/containerd.sock.")
        Optional<String> endpoint = Optional.empty();

        Path socket() {
            return endpoint.map(Endpoint::socketOf).orElseGet(() -> managedSocket(
                    dataDir.orElseGet(DataDirectory::defaultPath).toAbsolutePath().normalize()));
        }

        static Path socketOf(String endpoint) {
            String path = endpoint.startsWith("unix://") ? endpoint.substring("unix://".length()) : endpoint;
            if (path.contains("://")) {
                throw new CommandFailure("--container-runtime-endpoint must be a unix socket (unix:///path): " + endpoint);
            }
            return Path.of(path).toAbsolutePath();
        }
    }

    /** The socket of the containerd `beluga server` starts: {@code <data-dir>/containerd/containerd.sock}. */
    static Path managedSocket(Path dataDir) {
        return dataDir.resolve("containerd").resolve("containerd.sock");
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            versionProvider = BelugaVersion.class,
            description = {
                "Import image archives into the node's containerd, under the names the archives give their images.",
                "",
                "An archive is an OCI image layout or a `docker save` tar, plain or gzip'ed."
            },
            footer = {"", "Example:", "  beluga images import ./myapp.tar && kubectl run myapp --image=example.com/myapp:1 --image-pull-policy=Never"})
    static final class Import implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private Endpoint endpoint = new Endpoint();

        @Parameters(paramLabel = "FILE.tar", arity = "1..*", description = "The archives to import.")
        private List<Path> archives = List.of();

        @Override
        public Integer call() {
            ImageImporter importer = new ImageImporter(endpoint.socket());
            PrintWriter out = spec.commandLine().getOut();
            for (Path archive : archives) {
                switch (importer.importArchive(archive)) {
                    case ImportOutcome.Failed failed -> throw new CommandFailure(failed.reason());
                    case ImportOutcome.Imported imported -> {
                        List<String> missing = importer.awaitListed(imported.names(), LISTED_TIMEOUT);
                        if (!missing.isEmpty()) {
                            throw new CommandFailure("imported " + imported.archive() + " but containerd's CRI does not list "
                                    + String.join(", ", missing) + " after " + LISTED_TIMEOUT.toSeconds() + " s");
                        }
                        for (String name : imported.names()) {
                            out.println("imported " + name);
                        }
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            versionProvider = BelugaVersion.class,
            description = "List the images the node's containerd holds for pods, as the kubelet sees them (CRI).")
    static final class ListImages implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private Endpoint endpoint = new Endpoint();

        @Override
        public Integer call() {
            switch (new ImageImporter(endpoint.socket()).list()) {
                case ImageImporter.ListOutcome.Failed failed -> throw new CommandFailure(failed.reason());
                case ImageImporter.ListOutcome.Listed listed -> print(listed.images(), spec.commandLine().getOut());
            }
            return 0;
        }

        /** One row per name, as `crictl images` prints them: name, short image id, size. */
        static void print(List<ImageInfo> images, PrintWriter out) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"IMAGE", "IMAGE ID", "SIZE"});
            for (ImageInfo image : images) {
                List<String> names = image.repoTags().isEmpty() ? List.of("<none>") : image.repoTags();
                for (String name : names) {
                    rows.add(new String[] {name, shortId(image.id()), size(image.sizeBytes())});
                }
            }
            int nameWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
            int idWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
            rows.subList(1, rows.size()).sort(Comparator.comparing(r -> r[0]));
            for (String[] row : rows) {
                out.println(String.format("%-" + nameWidth + "s   %-" + idWidth + "s   %s", row[0], row[1], row[2]).stripTrailing());
            }
            out.flush();
        }

        static String shortId(String id) {
            String hex = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
            return hex.substring(0, Math.min(13, hex.length()));
        }

        static String size(long bytes) {
            if (bytes < 1024) {
                return bytes + "B";
            }
            if (bytes < 1024 * 1024) {
                return String.format(Locale.ROOT, "%.1fkB", bytes / 1024.0);
            }
            return String.format(Locale.ROOT, "%.1fMB", bytes / (1024.0 * 1024.0));
        }
    }
}
