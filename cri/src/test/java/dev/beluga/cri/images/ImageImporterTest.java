package dev.beluga.cri.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageImporterTest {
    @TempDir
    Path dir;

    @Test
    void withoutContainerdsSocketTheImportAsksWhetherTheServerRuns() {
        Path archive = new OciImageBuilder().write(ProjectImages.busybox(new byte[] {1, 2, 3}, List.of("sh")), dir.resolve("b.tar")).archive();
        ImportOutcome outcome = new ImageImporter(dir.resolve("containerd.sock")).importArchive(archive);
        assertThat(outcome).isInstanceOfSatisfying(ImportOutcome.Failed.class, failed -> assertThat(failed.reason())
                .isEqualTo("containerd socket " + dir.resolve("containerd.sock") + " not found: is beluga server running?"));
        assertThat(new ImageImporter(dir.resolve("containerd.sock")).list())
                .isInstanceOfSatisfying(ImageImporter.ListOutcome.Failed.class,
                        failed -> assertThat(failed.reason()).contains("is beluga server running?"));
    }

    @Test
    void aFileThatIsNotAnImageIsRefusedBeforeContainerdSeesIt() throws Exception {
        Path text = Files.writeString(dir.resolve("x.tar"), "not a tar");
        ImportOutcome outcome = new ImageImporter(dir.resolve("containerd.sock")).importArchive(text);
        assertThat(outcome).isInstanceOfSatisfying(ImportOutcome.Failed.class,
                failed -> assertThat(failed.reason()).contains("is not a tar archive"));
    }
}
