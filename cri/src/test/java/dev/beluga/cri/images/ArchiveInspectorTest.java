package dev.beluga.cri.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveInspectorTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileIsNotAnArchive() {
        assertThat(ArchiveInspector.inspect(dir.resolve("nope.tar")))
                .isInstanceOfSatisfying(ArchiveContents.NotAnImageArchive.class,
                        not -> assertThat(not.reason()).endsWith("nope.tar does not exist"));
    }

    @Test
    void aTextFileIsNotATar() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.tar"), "hello, this is not a tar archive\n");
        assertThat(ArchiveInspector.inspect(text))
                .isInstanceOfSatisfying(ArchiveContents.NotAnImageArchive.class,
                        not -> assertThat(not.reason()).contains("is not a tar archive"));
    }

    @Test
    void aTarWithoutImageMetadataIsNotAnImage() throws Exception {
        Path tar = tar(dir.resolve("files.tar"), Map.of("hello.txt", "hi"), false);
        assertThat(ArchiveInspector.inspect(tar))
                .isInstanceOfSatisfying(ArchiveContents.NotAnImageArchive.class,
                        not -> assertThat(not.reason()).contains("is a tar archive but not an image"));
    }

    @Test
    void aDockerSaveArchiveNamesItsRepoTags() throws Exception {
        Path tar = tar(dir.resolve("saved.tar"),
                Map.of("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"nginx:1.27\",\"nginx:latest\"],\"Layers\":[]}]"),
                false);
        assertThat(ArchiveInspector.inspect(tar))
                .isEqualTo(new ArchiveContents.DockerArchive(List.of("nginx:1.27", "nginx:latest")));
    }

    @Test
    void aGzippedOciLayoutIsRead() throws Exception {
        Path tar = tar(dir.resolve("layout.tar.gz"), Map.of(
                "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}",
                "index.json", "{\"schemaVersion\":2,\"manifests\":[{\"annotations\":"
                        + "{\"org.opencontainers.image.ref.name\":\"example.com/app:1\"}}]}"), true);
        assertThat(ArchiveInspector.inspect(tar)).isEqualTo(new ArchiveContents.OciLayout(List.of("example.com/app:1")));
    }

    private static Path tar(Path file, Map<String, String> entries, boolean gzip) throws Exception {
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out = gzip ? new GZIPOutputStream(raw) : raw;
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(bytes.length);
                tar.putArchiveEntry(entry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }
}
