package dev.beluga.cri.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beluga.cri.ContainerdSettings;
import dev.beluga.cri.ManagedContainerd;
import dev.beluga.kubelet.runtime.ImageInfo;
import dev.beluga.kubelet.runtime.ImageSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's images imported into a real containerd (started for the test under a temp dir) are
 * what its CRI plugin then serves, under every name and with the image's user. Needs root,
 * containerd, ctr, catatonit and busybox-static: skipped without them, failed under CI=true.
 */
class ContainerdImageImportTest {
    @TempDir
    Path dir;

    @Test
    void importedProjectImagesAreListedByCri() throws Exception {
        requireContainerd();
        ContainerdSettings settings = ContainerdSettings.of(dir.resolve("containerd"), "10.233.77.0/24");
        ImageArchives archives = new ImageArchives(dir.resolve("images"));
        Files.createDirectories(archives.directory());
        Files.writeString(archives.directory().resolve("broken.tar"), "not an image");

        try (ManagedContainerd containerd = ManagedContainerd.start(settings)) {
            ImageImporter importer = new ImageImporter(containerd.socketPath());
            ImageLoadReport report = archives.load(settings.sandboxImage(), importer, Duration.ofSeconds(30));

            assertThat(report.written()).hasSize(2);
            assertThat(report.notListed()).isEmpty();
            List<ImportOutcome> outcomes = report.outcomes();
            assertThat(outcomes).hasSize(3);
            assertThat(report.failures()).singleElement().satisfies(
                    failed -> assertThat(failed.reason()).contains("broken.tar").contains("not a tar archive"));
            assertThat(outcomes.subList(1, 3)).allSatisfy(o -> assertThat(o).isInstanceOf(ImportOutcome.Imported.class));
            List<String> names = List.of(settings.sandboxImage(), ProjectImages.BUSYBOX_VERSION_NAME, ProjectImages.BUSYBOX_LATEST_NAME);
            assertThat(importer.awaitListed(names, Duration.ofSeconds(30))).isEmpty();

            ImageImporter.ListOutcome listed = importer.list();
            assertThat(listed).isInstanceOf(ImageImporter.ListOutcome.Listed.class);
            List<ImageInfo> images = ((ImageImporter.ListOutcome.Listed) listed).images();
            ImageInfo busybox = images.stream().filter(i -> i.repoTags().contains(ProjectImages.BUSYBOX_VERSION_NAME)).findFirst().orElseThrow();
            assertThat(busybox.repoTags()).contains(ProjectImages.BUSYBOX_LATEST_NAME);
            assertThat(busybox.sizeBytes()).isPositive();

            try (var cri = containerd.connect()) {
                Optional<ImageInfo> pause = cri.imageStatus(new ImageSpec(settings.sandboxImage(), Map.of()));
                assertThat(pause).hasValueSatisfying(p -> assertThat(p.uid()).contains(65535L));
            }

            // Importing again is harmless: the same digests, the same names.
            assertThat(importer.importArchive(archives.directory().resolve(ImageArchives.BUSYBOX_ARCHIVE)))
                    .isInstanceOf(ImportOutcome.Imported.class);
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (Exception e) {
            return false;
        }
    }

    static void requireContainerd() {
        boolean ci = "true".equals(System.getenv("CI"));
        boolean root = isRoot();
        boolean installed = Files.isExecutable(ManagedContainerd.CONTAINERD_BINARY) && Files.isExecutable(ImageImporter.CTR);
        if (!root || !installed) {
            String why = "needs root and containerd + ctr (Debian package containerd); root=" + root + ", installed=" + installed;
            if (ci) {
                throw new IllegalStateException(why);
            }
            assumeTrue(false, why);
        }
        ImageArchivesTest.requireHostBinaries();
    }
}
