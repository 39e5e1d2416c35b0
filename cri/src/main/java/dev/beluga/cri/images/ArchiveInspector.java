package dev.beluga.cri.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an archive's table of contents (and its index.json or manifest.json) to tell an image
 * archive from anything else before handing it to containerd, whose own error for a wrong file is
 * cryptic. Plain and gzip'ed tars are read, as containerd's importer accepts both.
 */
public final class ArchiveInspector {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** index.json and manifest.json are small; a bigger one is not an image archive's. */
    private static final long MAX_METADATA_BYTES = 16L << 20;

    private ArchiveInspector() {}

    public static ArchiveContents inspect(Path archive) {
        if (!Files.exists(archive)) {
            return new ArchiveContents.NotAnImageArchive(archive + " does not exist");
        }
        if (!Files.isRegularFile(archive)) {
            return new ArchiveContents.NotAnImageArchive(archive + " is not a regular file");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
            return inspect(in, archive.toString());
        } catch (IOException e) {
            return new ArchiveContents.NotAnImageArchive("cannot read " + archive + ": " + e.getMessage());
        }
    }

    static ArchiveContents inspect(InputStream raw, String what) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            in = new BufferedInputStream(new GZIPInputStream(in));
        }
        Set<String> seen = new HashSet<>();
        Optional<JsonNode> index = Optional.empty();
        Optional<JsonNode> manifest = Optional.empty();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = normalized(entry.getName());
                seen.add(name);
                if (entry.isFile() && entry.getSize() <= MAX_METADATA_BYTES) {
                    if (name.equals("index.json")) {
                        index = Optional.of(JSON.readTree(tar.readAllBytes()));
                    } else if (name.equals("manifest.json")) {
                        manifest = Optional.of(JSON.readTree(tar.readAllBytes()));
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return new ArchiveContents.NotAnImageArchive(what + " is not a tar archive (" + e.getMessage() + ")");
        }
        if (seen.isEmpty()) {
            return new ArchiveContents.NotAnImageArchive(what + " is not a tar archive (no entries)");
        }
        if (index.isPresent() && seen.contains("oci-layout")) {
            return new ArchiveContents.OciLayout(ociNames(index.get()));
        }
        if (manifest.isPresent()) {
            return new ArchiveContents.DockerArchive(dockerNames(manifest.get()));
        }
        return new ArchiveContents.NotAnImageArchive(what
                + " is a tar archive but not an image: it has neither oci-layout + index.json (OCI layout) nor manifest.json (docker save)");
    }

    private static String normalized(String name) {
        String n = name.startsWith("./") ? name.substring(2) : name;
        return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
    }

    private static List<String> ociNames(JsonNode index) {
        List<String> names = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            JsonNode annotations = m.path("annotations");
            String name = annotations.path(OciImageBuilder.CONTAINERD_NAME_ANNOTATION).asText("");
            if (name.isEmpty()) {
                name = annotations.path(OciImageBuilder.REF_NAME_ANNOTATION).asText("");
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static List<String> dockerNames(JsonNode manifest) {
        List<String> names = new ArrayList<>();
        for (JsonNode image : manifest) {
            for (JsonNode tag : image.path("RepoTags")) {
                names.add(tag.asText());
            }
        }
        return names;
    }
}
