package dev.beluga.cri.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciImageBuilderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] FAKE_BUSYBOX = "\u007fELF not really busybox".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void busyboxArchiveIsAValidOciLayoutWhoseDigestsMatchItsBlobs() throws Exception {
        BuiltImage built = new OciImageBuilder()
                .write(ProjectImages.busybox(FAKE_BUSYBOX, List.of("sh", "ls", "busybox", "[", "ls")), dir.resolve("busybox.tar"));
        TarContents archive = TarContents.of(built.archive());

        assertThat(JSON.readTree(archive.content("oci-layout")).path("imageLayoutVersion").asText()).isEqualTo("1.0.0");
        JsonNode index = JSON.readTree(archive.content("index.json"));
        assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
        List<String> names = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            assertThat(m.path("digest").asText()).isEqualTo(built.manifestDigest());
            assertThat(m.path("mediaType").asText()).isEqualTo(OciImageBuilder.MANIFEST_MEDIA_TYPE);
            assertThat(m.path("annotations").path(OciImageBuilder.REF_NAME_ANNOTATION).asText())
                    .isEqualTo(m.path("annotations").path(OciImageBuilder.CONTAINERD_NAME_ANNOTATION).asText());
            names.add(m.path("annotations").path(OciImageBuilder.CONTAINERD_NAME_ANNOTATION).asText());
        }
        assertThat(names).containsExactly("docker.io/library/busybox:1.35", "docker.io/library/busybox:latest");

        byte[] manifestBytes = blob(archive, built.manifestDigest());
        assertThat(index.path("manifests").get(0).path("size").asLong()).isEqualTo(manifestBytes.length);
        JsonNode manifest = JSON.readTree(manifestBytes);
        assertThat(manifest.path("config").path("digest").asText()).isEqualTo(built.configDigest());
        byte[] configBytes = blob(archive, built.configDigest());
        assertThat(manifest.path("config").path("size").asLong()).isEqualTo(configBytes.length);
        JsonNode layerDescriptor = manifest.path("layers").get(0);
        assertThat(manifest.path("layers")).hasSize(1);
        assertThat(layerDescriptor.path("mediaType").asText()).isEqualTo(OciImageBuilder.LAYER_MEDIA_TYPE);
        byte[] layer = blob(archive, layerDescriptor.path("digest").asText());
        assertThat(layerDescriptor.path("size").asLong()).isEqualTo(layer.length);

        JsonNode config = JSON.readTree(configBytes);
        assertThat(config.path("architecture").asText()).isEqualTo("amd64");
        assertThat(config.path("os").asText()).isEqualTo("linux");
        assertThat(config.path("config").path("Cmd").toString()).isEqualTo("[\"sh\"]");
        assertThat(config.path("config").path("Env").get(0).asText()).startsWith("PATH=");
        assertThat(config.path("config").path("WorkingDir").asText()).isEqualTo("/");

        TarContents layerTar = TarContents.ofGzip(layer);
        byte[] layerTarBytes = uncompressed(layer);
        assertThat(config.path("rootfs").path("diff_ids").get(0).asText())
                .isEqualTo(OciImageBuilder.digest(layerTarBytes))
                .isEqualTo(built.diffId());
        assertThat(layerTar.content("bin/busybox")).isEqualTo(FAKE_BUSYBOX);
        TarArchiveEntry sh = layerTar.entries().get("bin/sh");
        assertThat(sh.isLink()).isTrue();
        assertThat(sh.getLinkName()).isEqualTo("bin/busybox");
        assertThat(layerTar.entries()).containsKeys("bin/ls", "bin/[").doesNotContainKey("bin/busybox/");
        assertThat(new String(layerTar.content("etc/passwd"), StandardCharsets.UTF_8))
                .startsWith("root:x:0:0:root:/root:/bin/sh\n")
                .contains("nobody:x:65534:65534:");
        assertThat(new String(layerTar.content("etc/group"), StandardCharsets.UTF_8)).contains("nobody:x:65534:");
        assertThat(layerTar.entries().get("tmp/").getMode() & 07777).isEqualTo(01777);
        assertThat(layerTar.entries().get("root/").isDirectory()).isTrue();
        assertThat(layerTar.entries().get("home/").isDirectory()).isTrue();
        assertThat(layerTar.entries().get("bin/busybox").getMode() & 0777).isEqualTo(0755);
        assertThat(layerTar.entries().values()).allSatisfy(e -> {
            assertThat(e.getLongUserId()).isZero();
            assertThat(e.getLongGroupId()).isZero();
            assertThat(e.getModTime().toInstant()).isEqualTo(OciImageBuilder.FIXED_MTIME);
        });
    }

    @Test
    void pauseImageRunsCatatonitInPauseModeAsUpstreamsUser() throws Exception {
        byte[] catatonit = "catatonit bytes".getBytes(StandardCharsets.UTF_8);
        BuiltImage built = new OciImageBuilder().write(ProjectImages.pause("beluga.local/pause:3.9", catatonit), dir.resolve("pause.tar"));
        TarContents archive = TarContents.of(built.archive());
        JsonNode config = JSON.readTree(blob(archive, built.configDigest()));
        assertThat(config.path("config").path("Entrypoint").toString()).isEqualTo("[\"/catatonit\",\"-P\"]");
        assertThat(config.path("config").path("User").asText()).isEqualTo("65535:65535");
        TarContents layer = TarContents.ofGzip(blob(archive, built.layerDigest()));
        assertThat(layer.content("catatonit")).isEqualTo(catatonit);
        assertThat(ArchiveInspector.inspect(built.archive()))
                .isEqualTo(new ArchiveContents.OciLayout(List.of("beluga.local/pause:3.9")));
    }

    @Test
    void theSameDefinitionGivesTheSameBytes() throws Exception {
        ImageDefinition image = ProjectImages.busybox(FAKE_BUSYBOX, List.of("sh", "cat"));
        BuiltImage first = new OciImageBuilder().write(image, dir.resolve("a.tar"));
        BuiltImage second = new OciImageBuilder().write(image, dir.resolve("b.tar"));
        assertThat(Files.readAllBytes(first.archive())).isEqualTo(Files.readAllBytes(second.archive()));
        assertThat(first.manifestDigest()).isEqualTo(second.manifestDigest());

        BuiltImage other = new OciImageBuilder().write(ProjectImages.busybox(FAKE_BUSYBOX, List.of("sh")), dir.resolve("c.tar"));
        assertThat(other.diffId()).isNotEqualTo(first.diffId());
    }

    @Test
    void rewritingAnArchiveLeavesNoPartialFileBehind() throws Exception {
        ImageDefinition image = ProjectImages.busybox(FAKE_BUSYBOX, List.of("sh"));
        new OciImageBuilder().write(image, dir.resolve("busybox.tar"));
        new OciImageBuilder().write(image, dir.resolve("busybox.tar"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("busybox.tar");
        }
    }

    @Test
    void appletNamesComeFromBusyboxListOutput() {
        assertThat(ProjectImages.applets("[\n[[\nacpid\n\nsh\nbusybox\n")).containsExactly("[", "[[", "acpid", "sh", "busybox");
        assertThat(ProjectImages.applets("usr/bin/[\nnot an applet\n")).isEmpty();
    }

    private static byte[] blob(TarContents archive, String digest) {
        byte[] bytes = archive.content("blobs/sha256/" + digest.substring("sha256:".length()));
        assertThat(OciImageBuilder.digest(bytes)).isEqualTo(digest);
        return bytes;
    }

    private static byte[] uncompressed(byte[] gzip) throws Exception {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }
}
