package dev.beluga.cri.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageArchivesTest {
    @TempDir
    Path dir;

    @Test
    void onlyTarFilesOfTheFolderAreArchives() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.writeString(images.resolve("b.tar"), "x");
        Files.writeString(images.resolve("a.tar"), "x");
        Files.writeString(images.resolve("readme.txt"), "x");
        Files.writeString(images.resolve(".busybox.tar123.partial"), "x");
        Files.createDirectories(images.resolve("dir.tar"));
        assertThat(new ImageArchives(images).archives()).containsExactly(images.resolve("a.tar"), images.resolve("b.tar"));
        assertThat(new ImageArchives(dir.resolve("absent")).archives()).isEmpty();
    }

    @Test
    void theProjectImagesAreWrittenOnceFromThisMachinesBinaries() {
        requireHostBinaries();
        ImageArchives archives = new ImageArchives(dir.resolve("images"));
        List<BuiltImage> written = archives.writeProjectImagesIfMissing("beluga.local/pause:3.9");
        assertThat(written).extracting(BuiltImage::names)
                .containsExactly(List.of("beluga.local/pause:3.9"), ProjectImages.BUSYBOX_NAMES);
        assertThat(archives.archives()).extracting(p -> p.getFileName().toString()).containsExactly("busybox.tar", "pause.tar");

        assertThat(archives.writeProjectImagesIfMissing("beluga.local/pause:3.9")).isEmpty();
        // A different sandbox image name rewrites pause.tar only.
        assertThat(archives.writeProjectImagesIfMissing("registry.k8s.io/pause:3.10"))
                .extracting(BuiltImage::names).containsExactly(List.of("registry.k8s.io/pause:3.10"));
    }

    @Test
    void theHostBusyboxImageLinksEveryApplet() throws Exception {
        requireHostBinaries();
        BuiltImage built = new OciImageBuilder().write(ProjectImages.busyboxFromHost(), dir.resolve("busybox.tar"));
        TarContents layer = TarContents.ofGzip(TarContents.of(built.archive()).content(OciImageBuilder.blobPath(built.layerDigest())));
        assertThat(layer.content("bin/busybox")).isEqualTo(Files.readAllBytes(ProjectImages.BUSYBOX));
        assertThat(layer.entries().keySet().stream().filter(n -> n.startsWith("bin/")).count()).isGreaterThan(200);
        assertThat(layer.entries().get("bin/wget").getLinkName()).isEqualTo("bin/busybox");
    }

    /** catatonit and busybox-static are node prerequisites; in CI their absence is a failure. */
    static void requireHostBinaries() {
        boolean missing = !Files.isRegularFile(ProjectImages.CATATONIT) || !Files.isExecutable(ProjectImages.BUSYBOX);
        if (missing) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(ProjectImages.CATATONIT + " or " + ProjectImages.BUSYBOX
                        + " missing: install the Debian packages catatonit and busybox-static");
            }
            assumeTrue(false, "needs /usr/bin/catatonit and /usr/bin/busybox (Debian catatonit, busybox-static)");
        }
    }
}
