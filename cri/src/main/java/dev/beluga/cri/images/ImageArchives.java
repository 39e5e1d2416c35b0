package dev.beluga.cri.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The airgap image folder ({@code <data-dir>/images/}): every {@code *.tar} in it is imported into
 * containerd when the server starts, and the project's own pause and busybox archives are written
 * there first if missing, so pods run on a machine that reaches no registry.
 */
public final class ImageArchives {
    public static final String PAUSE_ARCHIVE = "pause.tar";
    public static final String BUSYBOX_ARCHIVE = "busybox.tar";

    private final Path directory;
    private final OciImageBuilder builder = new OciImageBuilder();

    public ImageArchives(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    public Path directory() {
        return directory;
    }

    /**
     * Writes pause.tar (named {@code sandboxImage}) and busybox.tar from this machine's binaries
     * unless an archive of that file name already names the same images; returns what it wrote.
     */
    public List<BuiltImage> writeProjectImagesIfMissing(String sandboxImage) {
        List<BuiltImage> written = new ArrayList<>();
        Path pause = directory.resolve(PAUSE_ARCHIVE);
        if (!names(pause, List.of(sandboxImage))) {
            written.add(builder.write(ProjectImages.pauseFromHost(sandboxImage), pause));
        }
        Path busybox = directory.resolve(BUSYBOX_ARCHIVE);
        if (!names(busybox, ProjectImages.BUSYBOX_NAMES)) {
            written.add(builder.write(ProjectImages.busyboxFromHost(), busybox));
        }
        return written;
    }

    /** The {@code *.tar} files of the folder, by name (none if the folder does not exist). */
    public List<Path> archives() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tar") && Files.isRegularFile(f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Imports every archive; one bad archive does not stop the others (each outcome says what happened). */
    public List<ImportOutcome> importAll(ImageImporter importer) {
        return archives().stream().map(importer::importArchive).toList();
    }

    /**
     * What the server does at start, in one call: writes the project archives if missing, imports
     * every archive of the folder, then waits (up to {@code timeout}) until CRI lists every imported
     * name, since containerd's CRI plugin learns of imports from events a moment later and a sandbox
     * created before that would try to pull its pause image.
     */
    public ImageLoadReport load(String sandboxImage, ImageImporter importer, Duration timeout) {
        List<BuiltImage> written = writeProjectImagesIfMissing(sandboxImage);
        List<ImportOutcome> outcomes = importAll(importer);
        List<String> imported = outcomes.stream()
                .flatMap(o -> o instanceof ImportOutcome.Imported i ? i.names().stream() : Stream.empty())
                .distinct()
                .toList();
        return new ImageLoadReport(written, outcomes, importer.awaitListed(imported, timeout));
    }

    private static boolean names(Path archive, List<String> expected) {
        return switch (ArchiveInspector.inspect(archive)) {
            case ArchiveContents.OciLayout oci -> oci.names().equals(expected);
            case ArchiveContents.DockerArchive docker -> false;
            case ArchiveContents.NotAnImageArchive not -> false;
        };
    }
}
